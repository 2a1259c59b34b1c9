//! Every string the app's chrome shows, in English and 简体中文.

use ctlab::lesson::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    Tagline,
    Lessons,
    Next,
    Back,
    AllLessons,
    Steps,
    Terminal,
    Reached,
    LessonProblems,
    NoTranscript,
    ModelDiffers,
    ModelDiffersLong,
    Expected,
    Got,
    Task,
    CheckWork,
    TaskSolved,
    TaskNotYet,
    ShowSolution,
    HideSolution,
    SolutionNotRun,
    Reset,
    ResetHint,
    InputHint,
    LessonSolved,
    Dropped,
}

impl Text {
    pub fn get(self, lang: Lang) -> &'static str {
        use Text::*;
        match (self, lang) {
            (Tagline, Lang::En) => {
                "Learn how Linux containers really work, step by step, on a model of the kernel."
            }
            (Tagline, Lang::Zh) => "在内核模型上一步一步地学习 Linux 容器的真正原理。",
            (Lessons, Lang::En) => "Lessons",
            (Lessons, Lang::Zh) => "课程",
            (Next, Lang::En) => "Next →",
            (Next, Lang::Zh) => "下一步 →",
            (Back, Lang::En) => "← Back",
            (Back, Lang::Zh) => "← 上一步",
            (AllLessons, Lang::En) => "All lessons",
            (AllLessons, Lang::Zh) => "全部课程",
            (Steps, Lang::En) => "steps",
            (Steps, Lang::Zh) => "步",
            (Terminal, Lang::En) => "Terminal",
            (Terminal, Lang::Zh) => "终端",
            (Reached, Lang::En) => "reached step",
            (Reached, Lang::Zh) => "已到第几步：",
            (LessonProblems, Lang::En) => "This lesson file has problems:",
            (LessonProblems, Lang::Zh) => "这个课程文件有问题：",
            (NoTranscript, Lang::En) => "(no commands in this step)",
            (NoTranscript, Lang::Zh) => "（这一步没有命令）",
            (ModelDiffers, Lang::En) => "model differs",
            (ModelDiffers, Lang::Zh) => "模型输出不同",
            (ModelDiffersLong, Lang::En) => {
                "The model differs from the recorded kernel output. The lesson expected:"
            }
            (ModelDiffersLong, Lang::Zh) => "模型的输出与记录的真实内核输出不同。课程中记录的是：",
            (Expected, Lang::En) => "expected",
            (Expected, Lang::Zh) => "预期",
            (Got, Lang::En) => "got",
            (Got, Lang::Zh) => "实际",
            (Task, Lang::En) => "Your task",
            (Task, Lang::Zh) => "你的任务",
            (CheckWork, Lang::En) => "Check my work",
            (CheckWork, Lang::Zh) => "检查我的操作",
            (TaskSolved, Lang::En) => "Solved!",
            (TaskSolved, Lang::Zh) => "完成了！",
            (TaskNotYet, Lang::En) => "Not yet. The check printed something else:",
            (TaskNotYet, Lang::Zh) => "还没有完成。检查命令的输出不同：",
            (ShowSolution, Lang::En) => "Show solution",
            (ShowSolution, Lang::Zh) => "显示答案",
            (HideSolution, Lang::En) => "Hide solution",
            (HideSolution, Lang::Zh) => "隐藏答案",
            (SolutionNotRun, Lang::En) => "Not run for you: type the commands yourself.",
            (SolutionNotRun, Lang::Zh) => "答案不会自动运行：请自己输入这些命令。",
            (Reset, Lang::En) => "Reset",
            (Reset, Lang::Zh) => "重置",
            (ResetHint, Lang::En) => "Forget the commands typed in this step",
            (ResetHint, Lang::Zh) => "清除在这一步输入的命令",
            (InputHint, Lang::En) => "Type a command and press Enter",
            (InputHint, Lang::Zh) => "输入命令，按回车运行",
            (LessonSolved, Lang::En) => "✓ tasks solved",
            (LessonSolved, Lang::Zh) => "✓ 任务已完成",
            (Dropped, Lang::En) => {
                "The page stopped while this command was running (it may never end, like `cat /dev/zero`), so it was removed:"
            }
            (Dropped, Lang::Zh) => {
                "上次运行这条命令时页面停止了响应（它可能永远不会结束，比如 `cat /dev/zero`），所以已将它删除："
            }
        }
    }
}
