use super::*;

const LESSON: &str = r#"---
id: demo
title: { en: "A demo", zh: "演示" }
---

Before the steps.

## Step 1: hello
<!-- zh: 第 1 步：你好 -->
<!-- lang: en -->
Say *hello*.
<!-- lang: zh -->
说*你好*。

```console
host# echo hello
hello
```

## Step 2: bye

```console
host# echo bye
bye
host# true
```
"#;

#[test]
fn steps_titles_texts_and_transcripts() {
    let p = parse(LESSON);
    assert_eq!(
        p.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count(),
        0,
        "{:?}",
        p.diagnostics
    );
    let l = &p.lesson;
    assert_eq!(l.id, "demo");
    assert_eq!(l.title.get(Lang::Zh), "演示");
    assert_eq!(l.intro.get(Lang::En), "Before the steps.");
    assert_eq!(l.steps.len(), 2);
    let s = &l.steps[0];
    assert_eq!(s.title.get(Lang::En), "Step 1: hello");
    assert_eq!(s.title.get(Lang::Zh), "第 1 步：你好");
    assert_eq!(s.text.get(Lang::En), "Say *hello*.");
    assert_eq!(s.text.get(Lang::Zh), "说*你好*。");
    assert_eq!(s.line, 8);
    assert_eq!(s.transcript.len(), 1);
    assert_eq!(s.transcript[0].command, "echo hello");
    assert_eq!(s.transcript[0].expected, vec!["hello"]);
    assert_eq!(s.transcript[0].line, 16);
    // Step 2 has no Chinese text: it falls back to English and says so.
    assert_eq!(l.steps[1].title.get(Lang::Zh), "Step 2: bye");
    assert!(p.diagnostics.iter().any(|d| d.line == 20
        && d.severity == Severity::Warning
        && d.message.contains("简体中文")));
    assert_eq!(l.steps[1].transcript[1].expected, Vec::<String>::new());
}

fn errors(source: &str) -> Vec<(usize, usize, String)> {
    parse(source)
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.line, d.column, d.message))
        .collect()
}

#[test]
fn missing_front_matter_points_at_the_start() {
    let e = errors("## Step 1\ntext\n");
    assert_eq!((e[0].0, e[0].1), (1, 1));
    assert!(e[0].2.contains("front matter"));
}

#[test]
fn bad_front_matter_value_points_at_its_column() {
    let e = errors("---\nid: x\ntitle: { en: \"A\", fr: \"B\" }\n---\n## S\n");
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!((e[0].0, e[0].1), (3, 1));
    assert!(e[0].2.contains("`fr`"));
}

#[test]
fn unclosed_console_block_points_at_its_fence() {
    let e = errors("---\nid: x\ntitle: T\n---\n## S\ntext\n\n```console\nhost# true\n");
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!((e[0].0, e[0].1), (8, 1));
    assert!(e[0].2.contains("never closed"));
}

#[test]
fn unknown_terminal_points_at_its_line() {
    let e = errors(
        "---\nid: x\ntitle: T\nterminals: [host]\n---\n## S\n\n```console\nhost# true\npeer# true\n```\n",
    );
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!((e[0].0, e[0].1), (10, 1));
}

#[test]
fn no_steps_is_an_error_and_still_a_lesson() {
    let p = parse("---\nid: x\ntitle: T\n---\nonly text\n");
    assert!(p.has_errors());
    assert_eq!(p.lesson.id, "x");
    assert!(p.lesson.steps.is_empty());
}

#[test]
fn unclosed_front_matter() {
    let e = errors("---\nid: x\n## S\n");
    assert!(
        e.iter()
            .any(|(l, c, m)| (*l, *c) == (1, 1) && m.contains("never closed"))
    );
}

#[test]
fn task_blocks_are_kept_apart_from_the_transcript() {
    let p = parse(
        "---\nid: x\ntitle: T\n---\n## S\n\n```console\nhost# echo a\na\n```\n\nDo it.\n\n```console solution\nhost# hostname box\n```\n\n```console check\nhost# hostname\nbox\n```\n",
    );
    assert!(!p.has_errors(), "{:?}", p.diagnostics);
    let s = &p.lesson.steps[0];
    assert_eq!(s.transcript.len(), 1);
    assert_eq!(s.solution[0].command, "hostname box");
    assert_eq!(
        (s.check[0].command.as_str(), s.check[0].line),
        ("hostname", 19)
    );
}

#[test]
fn a_check_without_a_solution_is_an_error_at_its_fence() {
    let e =
        errors("---\nid: x\ntitle: T\n---\n## S\n\ntext\n\n```console check\nhost# true\n```\n");
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!((e[0].0, e[0].1), (9, 1));
    assert!(e[0].2.contains("needs a `console solution`"), "{}", e[0].2);
}

#[test]
fn an_unknown_block_kind_is_an_error() {
    let e =
        errors("---\nid: x\ntitle: T\n---\n## S\n\ntext\n\n```console answer\nhost# true\n```\n");
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!((e[0].0, e[0].1), (9, 1));
    assert!(
        e[0].2.contains("unknown console block kind `answer`"),
        "{}",
        e[0].2
    );
}

#[test]
fn a_skip_marker_covers_the_next_block_only() {
    let p = parse(
        "---\nid: x\ntitle: T\n---\n## S\n\ntext\n\n<!-- skip guest: 6.1 prints it differently -->\n```console\nhost# a\nhost# b\n```\n\n```console\nhost# c\n```\n",
    );
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    let t = &p.lesson.steps[0].transcript;
    let skip = t[0].skip.as_ref().expect("skipped");
    assert_eq!(
        (skip.on, skip.reason.as_str()),
        (transcript::SkipOn::Guest, "6.1 prints it differently")
    );
    assert_eq!(t[1].skip, t[0].skip);
    assert_eq!(t[2].skip, None);
}

#[test]
fn a_skip_needs_a_known_target_a_reason_and_a_block() {
    let e = errors(
        "---\nid: x\ntitle: T\n---\n## S\n\ntext\n\n<!-- skip vm: x -->\n```console\nhost# a\n```\n",
    );
    assert_eq!((e[0].0, e[0].1), (9, 1));
    assert!(e[0].2.contains("unknown skip target `vm`"), "{}", e[0].2);
    let e = errors(
        "---\nid: x\ntitle: T\n---\n## S\n\ntext\n\n<!-- skip host: -->\n```console\nhost# a\n```\n",
    );
    assert!(e[0].2.contains("needs its reason"), "{}", e[0].2);
    let e = errors(
        "---\nid: x\ntitle: T\n---\n## S\n\n```console\nhost# a\n```\n\n<!-- skip model: x -->\n\n## T\n\ntext\n",
    );
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].2.contains("none follows"), "{}", e[0].2);
}
