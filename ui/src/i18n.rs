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
        }
    }
}
