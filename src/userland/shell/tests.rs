//! Tests state bash's behaviour. Where a case is subtle, the comment gives
//! the command run against bash 5.2.15 (Debian bookworm) to confirm it;
//! `bash -i` lines were run as `printf '%s\n' LINE | bash --norc -i 2>&1`.

use expect_test::{Expect, expect};

use super::*;

/// The words of each simple command, as their parts, one command per line.
fn words(line: &str) -> String {
    let list = parse(line).unwrap_or_else(|e| panic!("{line:?}: {e:?}"));
    let mut out = String::new();
    for item in &list.items {
        for p in std::iter::once(&item.and_or.first).chain(item.and_or.rest.iter().map(|r| &r.1)) {
            for c in &p.commands {
                if let Command::Simple(s) = c {
                    for a in &s.assignments {
                        out.push_str(&format!(
                            "{}{}={:?} ",
                            a.name,
                            if a.append { "+" } else { "" },
                            a.value.parts
                        ));
                    }
                    for w in &s.words {
                        out.push_str(&format!("{:?} ", w.parts));
                    }
                    for r in &s.redirects {
                        out.push_str(&format!("<{:?} {:?} {:?}> ", r.fd, r.op, r.target.parts));
                    }
                    out.push('\n');
                }
            }
        }
    }
    out
}

fn check_words(line: &str, expect: Expect) {
    expect.assert_eq(&words(line));
}

/// The normalized line, after checking that it parses back to the same tree.
fn printed(line: &str) -> String {
    let list = parse(line).unwrap_or_else(|e| panic!("{line:?}: {e:?}"));
    let text = list.to_string();
    assert_eq!(
        parse(&text).as_ref(),
        Ok(&list),
        "{line:?} printed as {text:?}"
    );
    text
}

fn check_printed(line: &str, expect: Expect) {
    expect.assert_eq(&printed(line));
}

/// `kind offset: message` of the error.
fn err(line: &str) -> String {
    match parse(line) {
        Ok(l) => panic!("{line:?} parsed: {l}"),
        Err(e) => format!("{:?} {}: {}", e.kind, e.offset, e.message),
    }
}

fn check_err(line: &str, expect: Expect) {
    expect.assert_eq(&err(line));
}

// ---------------------------------------------------------------- words

#[test]
fn adjacent_quotes_make_one_word() {
    // bash -c 'printf "<%s>" echo a"b"'"'"'c'"'"' d'  →  <echo><abc><d>
    check_words(
        r#"echo a"b"'c' d"#,
        expect![[r#"
            [Literal("echo")] [Literal("a"), DoubleQuoted([Literal("b")]), SingleQuoted("c")] [Literal("d")] 
        "#]],
    );
}

#[test]
fn blanks_separate_words_and_runs_of_blanks_count_once() {
    check_words(
        "  echo \t a   b  ",
        expect![[r#"
            [Literal("echo")] [Literal("a")] [Literal("b")] 
        "#]],
    );
}

#[test]
fn backslash_quotes_one_character() {
    // bash -c 'echo \$HOME \* a\ b'  →  $HOME * a b
    check_words(
        r"echo \$HOME \* a\ b",
        expect![[r#"
            [Literal("echo")] [Escaped('$'), Literal("HOME")] [Escaped('*')] [Literal("a"), Escaped(' '), Literal("b")] 
        "#]],
    );
}

#[test]
fn backslash_newline_is_a_line_continuation() {
    // printf 'echo a\\\nb\n' | bash  →  ab
    check_words(
        "echo a\\\nb c\\\n d",
        expect![[r#"
            [Literal("echo")] [Literal("ab")] [Literal("c")] [Literal("d")] 
        "#]],
    );
}

#[test]
fn single_quotes_keep_everything() {
    check_words(
        r#"echo '$HOME \ " `x`'"#,
        expect![[r#"
            [Literal("echo")] [SingleQuoted("$HOME \\ \" `x`")] 
        "#]],
    );
}

#[test]
fn double_quotes_escape_only_dollar_backquote_quote_backslash_newline() {
    // bash -c 'echo "\$ \` \" \\ \a \n"'  →  $ ` " \ \a \n
    check_words(
        "echo \"\\$ \\` \\\" \\\\ \\a \\n \\\nx\"",
        expect![[r#"
            [Literal("echo")] [DoubleQuoted([Literal("$ ` \" \\ \\a \\n x")])] 
        "#]],
    );
}

#[test]
fn double_quotes_expand_parameters_and_substitutions() {
    check_words(
        r#"echo "a $x ${y}z $(pwd) `id -u` $""#,
        expect![[r#"
            [Literal("echo")] [DoubleQuoted([Literal("a "), Param(Param { name: Var("x"), op: None }), Literal(" "), Param(Param { name: Var("y"), op: None }), Literal("z "), CommandSubst(List { items: [ListItem { and_or: AndOr { first: Pipeline { negated: false, commands: [Simple(SimpleCommand { assignments: [], words: [Word { parts: [Literal("pwd")] }], redirects: [] })] }, rest: [] }, background: false }] }), Literal(" "), CommandSubst(List { items: [ListItem { and_or: AndOr { first: Pipeline { negated: false, commands: [Simple(SimpleCommand { assignments: [], words: [Word { parts: [Literal("id")] }, Word { parts: [Literal("-u")] }], redirects: [] })] }, rest: [] }, background: false }] }), Literal(" $")])] 
        "#]],
    );
}

#[test]
fn ansi_c_quotes_are_kept_raw_and_decoded_on_demand() {
    // bash -c "echo \$'\\x41\\n\\t\\e\\0b'" | od -c  →  A \n \t 033 \n (NUL ends it)
    check_words(
        r"echo $'a\'b\x41' $'\n'",
        expect![[r#"
            [Literal("echo")] [AnsiC("a\\'b\\x41")] [AnsiC("\\n")] 
        "#]],
    );
    assert_eq!(decode_ansi_c(r"a\'b\x41"), "a'bA");
    assert_eq!(decode_ansi_c(r"\x41\n\t\e\0b"), "A\n\t\x1b");
    assert_eq!(decode_ansi_c(r"\101\cA\u00e9\q\"), "A\x01é\\q\\");
    assert_eq!(decode_ansi_c(r"\xc3\xa9 \xff"), "é \u{fffd}");
}

#[test]
fn locale_quotes_are_double_quotes() {
    // bash -c 'echo $"abc"'  →  abc
    check_words(
        r#"echo $"a $x""#,
        expect![[r#"
            [Literal("echo")] [DoubleQuoted([Literal("a "), Param(Param { name: Var("x"), op: None })])] 
        "#]],
    );
}

#[test]
fn a_dollar_with_nothing_to_expand_is_literal() {
    // bash -c 'echo $ a$ $/ "$" a$"b"'  →  $ a$ $/ $ ab
    check_words(
        r#"echo $ a$ $/ "$""#,
        expect![[r#"
            [Literal("echo")] [Literal("$")] [Literal("a$")] [Literal("$/")] [DoubleQuoted([Literal("$")])] 
        "#]],
    );
}

#[test]
fn comments_start_only_at_a_word() {
    // bash -i: `echo a # b` → a ; `echo a#b` → a#b ; `echo \#a` → #a
    check_words(
        "echo a # b\necho a#b;#c\necho \\#a",
        expect![[r#"
            [Literal("echo")] [Literal("a")] 
            [Literal("echo")] [Literal("a#b")] 
            [Literal("echo")] [Escaped('#'), Literal("a")] 
        "#]],
    );
    assert_eq!(parse("# only a comment"), Ok(List::default()));
    assert_eq!(parse(""), Ok(List::default()));
    assert_eq!(parse("  \n\n "), Ok(List::default()));
}

#[test]
fn tilde_at_word_start() {
    // bash -i (HOME=/tmp): echo ~ ~/x a~ ~root "~"  →  /tmp /tmp/x a~ /root ~
    // bash -c 'echo ~*' (no match)  →  ~*   (not a user name: a glob)
    check_words(
        r#"echo ~ ~/x a~ ~root "~" \~ ~$USER ~*"#,
        expect![[r#"
            [Literal("echo")] [Tilde("")] [Tilde(""), Literal("/x")] [Literal("a~")] [Tilde("root")] [DoubleQuoted([Literal("~")])] [Escaped('~')] [Literal("~"), Param(Param { name: Var("USER"), op: None })] [Glob("~*")] 
        "#]],
    );
}

#[test]
fn globs_are_marked() {
    check_words(
        r#"ls *.txt a?c [ab]x "*" \* [ x] a[ ] a*"b""#,
        expect![[r#"
            [Literal("ls")] [Glob("*.txt")] [Glob("a?c")] [Glob("[ab]x")] [DoubleQuoted([Literal("*")])] [Escaped('*')] [Literal("[")] [Literal("x]")] [Literal("a[")] [Literal("]")] [Glob("a*"), DoubleQuoted([Literal("b")])] 
        "#]],
    );
    assert!(!parse("[ -f x ]").unwrap().to_string().is_empty());
}

#[test]
fn braces_are_ordinary_text_outside_command_position() {
    // Brace expansion is left to the executor: the text is kept.
    check_words(
        "mkdir -p /tmp/{upper,work} {x}",
        expect![[r#"
            [Literal("mkdir")] [Literal("-p")] [Literal("/tmp/{upper,work}")] [Literal("{x}")] 
        "#]],
    );
}

// ----------------------------------------------------------- parameters

#[test]
fn parameters() {
    // bash -i: echo $$x $1x $10  →  <pid>x x 0  ($10 is $1 then 0)
    check_words(
        "echo $a_1b ${a}b $$x $1x $10 ${10} $? $! $# $0 $@ $* $- $_",
        expect![[r#"
            [Literal("echo")] [Param(Param { name: Var("a_1b"), op: None })] [Param(Param { name: Var("a"), op: None }), Literal("b")] [Param(Param { name: Special('$'), op: None }), Literal("x")] [Param(Param { name: Positional(1), op: None }), Literal("x")] [Param(Param { name: Positional(1), op: None }), Literal("0")] [Param(Param { name: Positional(10), op: None })] [Param(Param { name: Special('?'), op: None })] [Param(Param { name: Special('!'), op: None })] [Param(Param { name: Special('#'), op: None })] [Param(Param { name: Positional(0), op: None })] [Param(Param { name: Special('@'), op: None })] [Param(Param { name: Special('*'), op: None })] [Param(Param { name: Special('-'), op: None })] [Param(Param { name: Var("_"), op: None })] 
        "#]],
    );
}

#[test]
fn parameter_operators() {
    // bash -i: echo ${#x} ${x:-a b} "${x:-"q r"}" ${x:-'s t'}  →  0 a b q r s t
    // bash -c 'set -- p q; echo ${#:-1} ${##}'  →  2 1  ($# with a default;
    // the length of $#)
    check_words(
        r#"echo ${#x} ${x:-a b} ${x-~/d} ${x:=$y} ${x?err} ${x:+*} ${#} ${#:-1}"#,
        expect![[r#"
            [Literal("echo")] [Param(Param { name: Var("x"), op: Some(Length) })] [Param(Param { name: Var("x"), op: Some(Test { kind: Default, colon: true, word: Word { parts: [Literal("a b")] } }) })] [Param(Param { name: Var("x"), op: Some(Test { kind: Default, colon: false, word: Word { parts: [Tilde(""), Literal("/d")] } }) })] [Param(Param { name: Var("x"), op: Some(Test { kind: Assign, colon: true, word: Word { parts: [Param(Param { name: Var("y"), op: None })] } }) })] [Param(Param { name: Var("x"), op: Some(Test { kind: Error, colon: false, word: Word { parts: [Literal("err")] } }) })] [Param(Param { name: Var("x"), op: Some(Test { kind: Alternative, colon: true, word: Word { parts: [Glob("*")] } }) })] [Param(Param { name: Special('#'), op: None })] [Param(Param { name: Special('#'), op: Some(Test { kind: Default, colon: true, word: Word { parts: [Literal("1")] } }) })] 
        "#]],
    );
}

#[test]
fn length_of_hash_and_hash_with_a_default() {
    check_printed("echo ${##} ${#:-1} ${#}", expect!["echo ${##} ${#:-1} $#"]);
    check_words(
        "echo ${##}",
        expect![[r#"
            [Literal("echo")] [Param(Param { name: Special('#'), op: Some(Length) })] 
        "#]],
    );
}

#[test]
fn parameter_words_inside_double_quotes_are_quoted() {
    // bash -i: echo "${x:-'a'}"  →  'a'   (single quotes are text there)
    // bash -i: echo "${x:-\}}" "${x:-"}"}" ${x:-"}"}  →  } } }
    check_words(
        r#"echo "${x:-'a' $y}" "${x:-\}}" "${x:-"}"}" ${x:-"}"}"#,
        expect![[r#"
            [Literal("echo")] [DoubleQuoted([Param(Param { name: Var("x"), op: Some(Test { kind: Default, colon: true, word: Word { parts: [DoubleQuoted([Literal("'a' "), Param(Param { name: Var("y"), op: None })])] } }) })])] [DoubleQuoted([Param(Param { name: Var("x"), op: Some(Test { kind: Default, colon: true, word: Word { parts: [DoubleQuoted([Literal("}")])] } }) })])] [DoubleQuoted([Param(Param { name: Var("x"), op: Some(Test { kind: Default, colon: true, word: Word { parts: [DoubleQuoted([Literal("}")])] } }) })])] [Param(Param { name: Var("x"), op: Some(Test { kind: Default, colon: true, word: Word { parts: [DoubleQuoted([Literal("}")])] } }) })] 
        "#]],
    );
}

// -------------------------------------------------- command substitution

#[test]
fn command_substitution_nests_and_is_parsed() {
    // bash -i: echo "$(echo ")")"  →  )
    check_printed(r#"echo "$(echo ")")""#, expect![[r#"echo "$(echo ")")""#]]);
    check_printed(
        "echo $(echo $(echo a) | tr a b; true)x",
        expect!["echo $(echo $(echo a) | tr a b; true)x"],
    );
    // bash -i: echo $( (echo a) )  →  a   (a space keeps it from `$((`)
    check_printed("echo $( (echo a) )", expect!["echo $( (echo a))"]);
    check_printed("echo $()", expect!["echo $()"]);
    check_printed(
        "echo $(\n echo a\n echo b\n)",
        expect!["echo $(echo a; echo b)"],
    );
}

#[test]
fn backticks_unescape_then_parse() {
    // bash -i: echo `echo \`echo a\``  →  a
    check_printed(r"echo `echo \`echo a\``", expect!["echo $(echo $(echo a))"]);
    // bash -i: echo "`echo \"a\"`"  →  a
    check_printed(r#"echo "`echo \"a\"`""#, expect![[r#"echo "$(echo "a")""#]]);
    check_printed(
        r"echo `echo \$HOME` `echo \\x`",
        expect![r"echo $(echo $HOME) $(echo \x)"],
    );
    // bash -c 'echo $`echo a`'  →  $a
    check_words(
        "echo $`echo a`",
        expect![[r#"
            [Literal("echo")] [Escaped('$'), CommandSubst(List { items: [ListItem { and_or: AndOr { first: Pipeline { negated: false, commands: [Simple(SimpleCommand { assignments: [], words: [Word { parts: [Literal("echo")] }, Word { parts: [Literal("a")] }], redirects: [] })] }, rest: [] }, background: false }] })] 
        "#]],
    );
}

// --------------------------------------------------------- assignments

#[test]
fn prefix_assignments() {
    // bash -c 'a=0; a=1 echo $a'  →  0: the assignment is only for `echo`'s
    // environment; words are expanded first, which is the executor's job.
    check_words(
        "A=1 B= C=$x\"y\" cmd D=2 x+=y",
        expect![[r#"
            A=[Literal("1")] B=[] C=[Param(Param { name: Var("x"), op: None }), DoubleQuoted([Literal("y")])] [Literal("cmd")] [Literal("D=2")] [Literal("x+=y")] 
        "#]],
    );
    check_words(
        "X=5",
        expect![[r#"
            X=[Literal("5")] 
        "#]],
    );
    check_words(
        "x+=y",
        expect![[r#"
            x+=[Literal("y")] 
        "#]],
    );
    // `export` is an ordinary command word.
    check_words(
        "export A=1 B",
        expect![[r#"
            [Literal("export")] [Literal("A=1")] [Literal("B")] 
        "#]],
    );
}

#[test]
fn quoted_names_are_not_assignments() {
    // bash -c '"a"=1'  →  bash: line 1: a=1: command not found
    check_words(
        r#""a"=1 \b=2 1a=3 a-b=4"#,
        expect![[r#"
            [DoubleQuoted([Literal("a")]), Literal("=1")] [Escaped('b'), Literal("=2")] [Literal("1a=3")] [Literal("a-b=4")] 
        "#]],
    );
}

#[test]
fn assignment_values_expand_tildes_after_colons_and_do_not_glob() {
    // bash -i (HOME=/tmp): x=~/a:~/b; echo $x  →  /tmp/a:/tmp/b
    check_words(
        "P=~/a:~/b:c~:~ Q=* R=~x S=a:~root",
        expect![[r#"
            P=[Tilde(""), Literal("/a:"), Tilde(""), Literal("/b:c~:"), Tilde("")] Q=[Literal("*")] R=[Tilde("x")] S=[Literal("a:"), Tilde("root")] 
        "#]],
    );
}

#[test]
fn assignments_after_redirections_are_still_assignments() {
    // bash -c '2>/dev/null A=1 env | grep ^A='  →  A=1
    // bash -c '2>/dev/null B=2; echo B=$B'  →  B=2
    check_words(
        ">/dev/null A=1 env",
        expect![[r#"
            A=[Literal("1")] [Literal("env")] <None Out [Literal("/dev/null")]> 
        "#]],
    );
}

// -------------------------------------------------------- redirections

#[test]
fn redirections() {
    check_words(
        "cmd <in >out >>app 2>err 2>>err2 2>&1 >&2 &>both &>>both2 3<&- 4<>rw >|clob <<<$x",
        expect![[r#"
            [Literal("cmd")] <None In [Literal("in")]> <None Out [Literal("out")]> <None Append [Literal("app")]> <Some(2) Out [Literal("err")]> <Some(2) Append [Literal("err2")]> <Some(2) DupOut [Literal("1")]> <None DupOut [Literal("2")]> <None OutErr [Literal("both")]> <None AppendOutErr [Literal("both2")]> <Some(3) DupIn [Literal("-")]> <Some(4) ReadWrite [Literal("rw")]> <None Clobber [Literal("clob")]> <None HereString [Param(Param { name: Var("x"), op: None })]> 
        "#]],
    );
}

#[test]
fn redirection_order_is_kept_and_position_among_words_is_not() {
    // bash -c 'ls /nope >f 2>&1' writes the error to f; with `2>&1 >f` the
    // error goes to the terminal: the order matters, and is kept.
    check_printed(">f echo 2>&1 a >g b", expect!["echo a b >f 2>&1 >g"]);
    check_printed("echo a 2>&1 >f", expect!["echo a 2>&1 >f"]);
}

#[test]
fn a_number_is_a_descriptor_only_right_before_the_operator() {
    // bash -i: echo a 2 >/dev/null  →  (nothing: `2` is an argument)
    check_words(
        "echo 2 >x a2>y 2>z",
        expect![[r#"
            [Literal("echo")] [Literal("2")] [Literal("a2")] <None Out [Literal("x")]> <None Out [Literal("y")]> <Some(2) Out [Literal("z")]> 
        "#]],
    );
    // bash -i: echo a 2&>/dev/null; wait; echo x  →  x  (`2` is an argument,
    // `&>` redirects echo: the `&` is not a background operator)
    check_words(
        "echo a 2&>/dev/null",
        expect![[r#"
            [Literal("echo")] [Literal("a")] [Literal("2")] <None OutErr [Literal("/dev/null")]> 
        "#]],
    );
}

#[test]
fn after_dup_operators_a_dash_or_number_is_a_token_of_its_own() {
    // bash -i: echo a 3<&-#c b  →  a   (`-` ends the token; `#c b` is a comment)
    check_words(
        "echo a 3<&-#c b",
        expect![[r#"
            [Literal("echo")] [Literal("a")] <Some(3) DupIn [Literal("-")]> 
        "#]],
    );
    // bash -i: echo a >&-x b  →  write error (`-` closes stdout; x, b are args)
    check_printed("echo a >&-x b", expect!["echo a x b >&-"]);
    // bash -i: echo a 2>&12>/dev/null  →  bash: 12: Bad file descriptor
    check_printed("echo a 2>&12>/dev/null", expect!["echo a 2>&12 >/dev/null"]);
    // bash -i: echo a > 2>x  →  syntax error near unexpected token `2'
    check_err(
        "echo a > 2>x",
        expect!["Syntax 9: syntax error near unexpected token `2'"],
    );
}

#[test]
fn line_continuations_vanish_before_tokens_are_read() {
    // printf 'echo $\\\nHOME\n' | bash  →  the value of $HOME
    check_printed("echo $\\\nHOME $\\\n$", expect!["echo $HOME $$"]);
    // The token is named without the continuation (bash -n -c).
    check_err(
        "fi\\\n; a",
        expect!["Syntax 0: syntax error near unexpected token `fi'"],
    );
}

#[test]
fn pipe_ampersand_is_stderr_too() {
    // bash -i: echo a |& cat  →  a ; bash stores it as `2>&1 |`
    check_printed("ls /x |& cat", expect!["ls /x 2>&1 | cat"]);
}

// ------------------------------------------------ lists and structure

#[test]
fn lists_and_pipelines() {
    check_printed("a;b&c&&d||e|f;", expect!["a; b & c && d || e | f"]);
    check_printed("sleep 1 &", expect!["sleep 1 &"]);
    check_printed("a & b & c", expect!["a & b & c"]);
    check_printed("! a | b && ! ! c", expect!["! a | b && c"]);
    check_printed("a &&\n\n b ||\n c |\n d", expect!["a && b || c | d"]);
    check_printed("a\nb\n\nc\n", expect!["a; b; c"]);
}

#[test]
fn list_structure() {
    expect![[r#"
        List {
            items: [
                ListItem {
                    and_or: AndOr {
                        first: Pipeline {
                            negated: true,
                            commands: [
                                Simple(
                                    SimpleCommand {
                                        assignments: [],
                                        words: [
                                            Word {
                                                parts: [
                                                    Literal(
                                                        "a",
                                                    ),
                                                ],
                                            },
                                        ],
                                        redirects: [],
                                    },
                                ),
                                Subshell(
                                    Compound {
                                        body: List {
                                            items: [
                                                ListItem {
                                                    and_or: AndOr {
                                                        first: Pipeline {
                                                            negated: false,
                                                            commands: [
                                                                Simple(
                                                                    SimpleCommand {
                                                                        assignments: [],
                                                                        words: [
                                                                            Word {
                                                                                parts: [
                                                                                    Literal(
                                                                                        "b",
                                                                                    ),
                                                                                ],
                                                                            },
                                                                        ],
                                                                        redirects: [],
                                                                    },
                                                                ),
                                                            ],
                                                        },
                                                        rest: [],
                                                    },
                                                    background: false,
                                                },
                                            ],
                                        },
                                        redirects: [],
                                    },
                                ),
                            ],
                        },
                        rest: [
                            (
                                Or,
                                Pipeline {
                                    negated: false,
                                    commands: [
                                        Group(
                                            Compound {
                                                body: List {
                                                    items: [
                                                        ListItem {
                                                            and_or: AndOr {
                                                                first: Pipeline {
                                                                    negated: false,
                                                                    commands: [
                                                                        Simple(
                                                                            SimpleCommand {
                                                                                assignments: [],
                                                                                words: [
                                                                                    Word {
                                                                                        parts: [
                                                                                            Literal(
                                                                                                "c",
                                                                                            ),
                                                                                        ],
                                                                                    },
                                                                                ],
                                                                                redirects: [],
                                                                            },
                                                                        ),
                                                                    ],
                                                                },
                                                                rest: [],
                                                            },
                                                            background: true,
                                                        },
                                                    ],
                                                },
                                                redirects: [
                                                    Redirect {
                                                        fd: Some(
                                                            2,
                                                        ),
                                                        op: Out,
                                                        target: Word {
                                                            parts: [
                                                                Literal(
                                                                    "x",
                                                                ),
                                                            ],
                                                        },
                                                    },
                                                ],
                                            },
                                        ),
                                    ],
                                },
                            ),
                        ],
                    },
                    background: true,
                },
            ],
        }
    "#]]
    .assert_debug_eq(&parse("! a | (b) || { c & } 2>x &").unwrap());
}

#[test]
fn subshells_and_groups() {
    check_printed("(cd /tmp; ls) >out", expect!["(cd /tmp; ls) >out"]);
    check_printed("( (a) )", expect!["( (a))"]);
    check_printed("{ a; b & }", expect!["{ a; b & }"]);
    check_printed("{ a\n b\n} 2>&1 | c", expect!["{ a; b; } 2>&1 | c"]);
    // bash -i: { (echo a) }  →  a   (`}` is recognised after `)`)
    check_printed("{ (echo a) }", expect!["{ (echo a); }"]);
    // `}` and `{` are only reserved where a command starts.
    check_printed("echo { } {a} a}", expect!["echo { } {a} a}"]);
}

#[test]
fn keywords_are_words_elsewhere() {
    // bash -i: A=1 if true  →  bash: if: command not found
    // bash -i: >/dev/null if true  →  runs `if` as a command
    check_printed(
        "echo if then fi; A=1 if x; >/dev/null while",
        expect!["echo if then fi; A=1 if x; >/dev/null while"],
    );
}

// --------------------------------------------------------------- errors

#[test]
fn syntax_errors_use_bash_wording() {
    // Each line: printf '%s\n' LINE | bash --norc -i, whose stderr shows
    // `bash: ` + the message.
    check_err(
        ";;",
        expect!["Syntax 0: syntax error near unexpected token `;;'"],
    );
    check_err(
        "echo a &&& b",
        expect!["Syntax 9: syntax error near unexpected token `&'"],
    );
    check_err(
        "echo a ||| b",
        expect!["Syntax 9: syntax error near unexpected token `|'"],
    );
    check_err(
        "echo a; ; b",
        expect!["Syntax 8: syntax error near unexpected token `;'"],
    );
    check_err(
        "echo a && ; b",
        expect!["Syntax 10: syntax error near unexpected token `;'"],
    );
    check_err(
        "echo a &;",
        expect!["Syntax 8: syntax error near unexpected token `;'"],
    );
    check_err(
        "echo a & & b",
        expect!["Syntax 9: syntax error near unexpected token `&'"],
    );
    check_err(
        "echo a | ;",
        expect!["Syntax 9: syntax error near unexpected token `;'"],
    );
    check_err(
        "| a",
        expect!["Syntax 0: syntax error near unexpected token `|'"],
    );
    check_err(
        "&",
        expect!["Syntax 0: syntax error near unexpected token `&'"],
    );
    check_err(
        "&&",
        expect!["Syntax 0: syntax error near unexpected token `&&'"],
    );
    check_err(
        ")",
        expect!["Syntax 0: syntax error near unexpected token `)'"],
    );
    check_err(
        "echo )",
        expect!["Syntax 5: syntax error near unexpected token `)'"],
    );
    check_err(
        "echo a ) b",
        expect!["Syntax 7: syntax error near unexpected token `)'"],
    );
    check_err(
        "echo a;;",
        expect!["Syntax 6: syntax error near unexpected token `;;'"],
    );
    check_err(
        "( )",
        expect!["Syntax 2: syntax error near unexpected token `)'"],
    );
    check_err(
        "{ }",
        expect!["Syntax 2: syntax error near unexpected token `}'"],
    );
    check_err(
        "echo a; }",
        expect!["Syntax 8: syntax error near unexpected token `}'"],
    );
    check_err(
        "(echo a) b",
        expect!["Syntax 9: syntax error near unexpected token `b'"],
    );
    check_err(
        "echo a | ! true",
        expect!["Syntax 9: syntax error near unexpected token `!'"],
    );
    check_err(
        "then",
        expect!["Syntax 0: syntax error near unexpected token `then'"],
    );
    check_err(
        "fi",
        expect!["Syntax 0: syntax error near unexpected token `fi'"],
    );
    check_err(
        "in",
        expect!["Syntax 0: syntax error near unexpected token `in'"],
    );
    check_err(
        ">/dev/null if true; then echo a; fi",
        expect!["Syntax 20: syntax error near unexpected token `then'"],
    );
    // `echo (` starts a function definition, which wants `)`.
    check_err(
        "echo (a)",
        expect!["Syntax 6: syntax error near unexpected token `a'"],
    );
    check_err(
        "echo a (b)",
        expect!["Syntax 7: syntax error near unexpected token `('"],
    );
    check_err(
        "echo a=(1)",
        expect!["Syntax 7: syntax error near unexpected token `('"],
    );
}

#[test]
fn redirection_without_target_names_the_next_token() {
    check_err(
        "echo a >",
        expect!["Syntax 8: syntax error near unexpected token `newline'"],
    );
    check_err(
        "echo a >\n",
        expect!["Syntax 8: syntax error near unexpected token `newline'"],
    );
    check_err(
        "echo &> ",
        expect!["Syntax 8: syntax error near unexpected token `newline'"],
    );
    check_err(
        "echo <<< ",
        expect!["Syntax 9: syntax error near unexpected token `newline'"],
    );
    check_err(
        "echo > ;",
        expect!["Syntax 7: syntax error near unexpected token `;'"],
    );
    check_err(
        "echo a > > b",
        expect!["Syntax 9: syntax error near unexpected token `>'"],
    );
    check_err(
        "echo a >& ",
        expect!["Syntax 10: syntax error near unexpected token `newline'"],
    );
    // `#` starts a comment after an operator too.
    check_err(
        "echo >#x",
        expect!["Syntax 8: syntax error near unexpected token `newline'"],
    );
}

#[test]
fn bad_substitution() {
    // bash -i: echo ${}  →  bash: ${}: bad substitution (bash says so when
    // it expands the word; ctlab when it parses the line)
    check_err("echo ${}", expect!["Syntax 5: ${}: bad substitution"]);
    check_err("echo ${x!}", expect!["Syntax 5: ${x!}: bad substitution"]);
    // bash -c 'echo ${-x}'  →  bash: line 1: ${-x}: bad substitution
    check_err("echo ${-x}", expect!["Syntax 5: ${-x}: bad substitution"]);
}

#[test]
fn incomplete_input_asks_for_more() {
    // Interactive bash prints `> ` and reads on; at end of input it prints
    // the message (printf 'LINE\n' | bash -i shows both).
    check_err(
        "echo a |",
        expect!["Incomplete 8: syntax error: unexpected end of file"],
    );
    check_err(
        "echo a && ",
        expect!["Incomplete 10: syntax error: unexpected end of file"],
    );
    check_err(
        "echo a ||\n\n",
        expect!["Incomplete 11: syntax error: unexpected end of file"],
    );
    check_err(
        "(",
        expect!["Incomplete 1: syntax error: unexpected end of file"],
    );
    check_err(
        "(echo a;",
        expect!["Incomplete 8: syntax error: unexpected end of file"],
    );
    check_err(
        "{ echo a }",
        expect!["Incomplete 10: syntax error: unexpected end of file"],
    );
    check_err(
        "echo \"abc",
        expect!["Incomplete 9: unexpected EOF while looking for matching `\"'"],
    );
    check_err(
        "echo 'abc",
        expect!["Incomplete 9: unexpected EOF while looking for matching `''"],
    );
    check_err(
        "echo $'abc",
        expect!["Incomplete 10: unexpected EOF while looking for matching `''"],
    );
    check_err(
        "echo $(",
        expect!["Incomplete 7: unexpected EOF while looking for matching `)'"],
    );
    check_err(
        "echo $(echo a |",
        expect!["Incomplete 15: unexpected EOF while looking for matching `)'"],
    );
    check_err(
        "echo `",
        expect!["Incomplete 6: unexpected EOF while looking for matching ``'"],
    );
    check_err(
        "echo ${x",
        expect!["Incomplete 8: unexpected EOF while looking for matching `}'"],
    );
    check_err(
        "echo ${x:-a",
        expect!["Incomplete 11: unexpected EOF while looking for matching `}'"],
    );
    check_err(
        "echo \"${x:-a",
        expect!["Incomplete 12: unexpected EOF while looking for matching `}'"],
    );
    // bash -i: echo $(echo "a  →  matching `"'
    check_err(
        "echo $(echo \"a",
        expect!["Incomplete 14: unexpected EOF while looking for matching `\"'"],
    );
    check_err(
        "echo a \\",
        expect!["Incomplete 8: syntax error: unexpected end of file"],
    );
}

#[test]
fn continuation_lines_complete_the_input() {
    // What the UI does after `Incomplete`: join the lines with `\n`.
    assert!(parse("echo \"a").unwrap_err().is_incomplete());
    check_words(
        "echo \"a\nb\"",
        expect![[r#"
            [Literal("echo")] [DoubleQuoted([Literal("a\nb")])] 
        "#]],
    );
    check_printed("echo a \\\n b", expect!["echo a b"]);
    check_printed("echo a |\n cat", expect!["echo a | cat"]);
    check_printed("(echo a\n echo b)", expect!["(echo a; echo b)"]);
}

#[test]
fn errors_inside_backticks_are_not_incomplete() {
    // bash -i: echo `echo "a`  →  bash: command substitution: line 1:
    // unexpected EOF while looking for matching `"'  (and runs the rest)
    check_err(
        "echo `echo \"a`",
        expect!["Syntax 13: unexpected EOF while looking for matching `\"'"],
    );
    check_err(
        "echo `;;`",
        expect!["Syntax 6: syntax error near unexpected token `;;'"],
    );
}

#[test]
fn unsupported_syntax_is_named() {
    check_err(
        "if true; then echo a; fi",
        expect!["Unsupported 0: ctlab's shell does not support `if` yet"],
    );
    check_err(
        "for i in a; do :; done",
        expect!["Unsupported 0: ctlab's shell does not support `for` yet"],
    );
    check_err(
        "echo a; while true; do :; done",
        expect!["Unsupported 8: ctlab's shell does not support `while` yet"],
    );
    check_err(
        "a && until x",
        expect!["Unsupported 5: ctlab's shell does not support `until` yet"],
    );
    check_err(
        "case x in x) ;; esac",
        expect!["Unsupported 0: ctlab's shell does not support `case` yet"],
    );
    check_err(
        "function f { :; }",
        expect!["Unsupported 0: ctlab's shell does not support `function` yet"],
    );
    check_err(
        "f() { :; }",
        expect!["Unsupported 1: ctlab's shell does not support function definitions yet"],
    );
    check_err(
        "f () { :; }",
        expect!["Unsupported 2: ctlab's shell does not support function definitions yet"],
    );
    check_err(
        "[[ -f x ]]",
        expect!["Unsupported 0: ctlab's shell does not support `[[` yet"],
    );
    check_err(
        "((x++))",
        expect!["Unsupported 0: ctlab's shell does not support arithmetic commands (`((…))`) yet"],
    );
    check_err(
        "time sleep 1",
        expect!["Unsupported 0: ctlab's shell does not support `time` yet"],
    );
    check_err(
        "! time a",
        expect!["Unsupported 2: ctlab's shell does not support `time` yet"],
    );
    check_err(
        "coproc a",
        expect!["Unsupported 0: ctlab's shell does not support `coproc` yet"],
    );
    check_err(
        "cat <<EOF",
        expect!["Unsupported 4: ctlab's shell does not support here-documents (`<<`) yet"],
    );
    check_err(
        "cat <<-EOF",
        expect!["Unsupported 4: ctlab's shell does not support here-documents (`<<`) yet"],
    );
    check_err(
        "a=(1 2)",
        expect!["Unsupported 0: ctlab's shell does not support arrays (`name=(…)`) yet"],
    );
    check_err(
        "a[1]=x",
        expect!["Unsupported 0: ctlab's shell does not support arrays (`name[i]=…`) yet"],
    );
    check_err(
        "echo $((1+2))",
        expect![
            "Unsupported 5: ctlab's shell does not support arithmetic expansion (`$((…))`) yet"
        ],
    );
    check_err(
        "echo $[1+2]",
        expect!["Unsupported 5: ctlab's shell does not support arithmetic expansion (`$[…]`) yet"],
    );
    check_err(
        "diff <(a) >(b)",
        expect![
            "Unsupported 5: ctlab's shell does not support process substitution (`<(…)`, `>(…)`) yet"
        ],
    );
    check_err(
        "echo ${x#*/}",
        expect![
            "Unsupported 5: ctlab's shell does not support pattern removal (`${name#pattern}`, `${name%pattern}`) yet"
        ],
    );
    check_err(
        "echo ${x/a/b}",
        expect![
            "Unsupported 5: ctlab's shell does not support pattern substitution (`${name/pattern/string}`) yet"
        ],
    );
    check_err(
        "echo ${x:1}",
        expect!["Unsupported 5: ctlab's shell does not support substrings (`${name:offset}`) yet"],
    );
    check_err(
        "echo ${!x}",
        expect![
            "Unsupported 5: ctlab's shell does not support indirect expansion (`${!name}`) yet"
        ],
    );
    check_err(
        "echo ${x[1]}",
        expect!["Unsupported 5: ctlab's shell does not support arrays (`${name[…]}`) yet"],
    );
    check_err(
        "exec {fd}>x",
        expect![
            "Unsupported 5: ctlab's shell does not support named file descriptors (`{name}>`) yet"
        ],
    );
    check_err(
        "!",
        expect!["Unsupported 0: ctlab's shell does not support a `!` with no command yet"],
    );
}

#[test]
fn nesting_is_bounded_not_a_stack_overflow() {
    let deep = "(".repeat(100_000);
    assert_eq!(parse(&deep).unwrap_err().kind, ParseErrorKind::Unsupported);
    let deep = "$(".repeat(100_000);
    assert_eq!(parse(&deep).unwrap_err().kind, ParseErrorKind::Unsupported);
    let deep = "${x:-".repeat(100_000);
    assert_eq!(parse(&deep).unwrap_err().kind, ParseErrorKind::Unsupported);
    let deep = "\"${x:-".repeat(100_000);
    assert_eq!(parse(&deep).unwrap_err().kind, ParseErrorKind::Unsupported);
    let deep = "{ ".repeat(100_000);
    assert_eq!(parse(&deep).unwrap_err().kind, ParseErrorKind::Unsupported);
    let ok = format!("{}a{}", "$(".repeat(20), ")".repeat(20));
    assert!(parse(&ok).is_ok());
}

/// The deepest nesting allowed fits in far less stack than wasm's 1 MiB,
/// even unoptimized (measured: 256 KiB suffices for depth 20 in a debug
/// build, about 10 KiB per level; 192 KiB does not).
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn the_deepest_nesting_allowed_fits_in_a_small_stack() {
    let n = lexer::MAX_DEPTH;
    let lines = [
        format!("{}a{}", "$(".repeat(n), ")".repeat(n)),
        format!("{}a{}", "( ".repeat(n), ")".repeat(n)),
        format!("echo {}a{}", "\"${x:-".repeat(n), "}\"".repeat(n)),
        format!("{}a{}", "$( (".repeat(n / 2), "))".repeat(n / 2)),
    ];
    std::thread::Builder::new()
        .stack_size(384 * 1024)
        .spawn(move || {
            for line in &lines {
                assert!(parse(line).is_ok(), "{line}");
            }
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn long_input_parses_in_linear_time() {
    let long = "echo a\"b\"$c | d && e; ".repeat(20_000);
    assert_eq!(parse(&long).unwrap().items.len(), 20_000);
    let backticks = "`echo `".repeat(5_000);
    let _ = parse(&backticks);
}

#[test]
fn serializes_for_the_ui() {
    // Only that it serializes: the shape is serde's default.
    #[cfg(not(target_arch = "wasm32"))]
    {
        let json = serde_json::to_string(&parse("echo $x >f").unwrap()).unwrap();
        assert!(json.contains("\"Var\":\"x\""), "{json}");
        let e = serde_json::to_string(&parse("echo 'a").unwrap_err()).unwrap();
        assert!(e.contains("Incomplete"), "{e}");
    }
}

// ---------------------------------------------------------- properties

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use proptest::prelude::*;

    use super::super::parse;

    /// Shell-flavoured strings: tokens that exercise every branch.
    fn shellish() -> impl Strategy<Value = String> {
        let atoms = prop::sample::select(vec![
            "a", "b", "x=1", "y+=", " ", " ", "\t", "\n", ";", "&", "&&", "|", "||", "|&", "!",
            "(", ")", "{", "}", "{ ", " }", "'", "\"", "`", "\\", "$", "$x", "${", "}", "${x:-",
            "${#", "$(", "$'", "$\"", "#", "~", "~/", "*", "?", "[", "]", ">", ">>", "<", "2>",
            "2>&1", ">&", "&>", "<<<", "<<", "=", ":", "-", "é", "if", "fi", "time", "$$", "$1",
            "\\\n", "a=(", "0", "9",
        ]);
        prop::collection::vec(atoms, 0..24).prop_map(|v| v.concat())
    }

    /// Mostly well-formed lines: balanced quotes and brackets, so that the
    /// round trip is exercised on trees, not only on errors.
    fn wellformed() -> impl Strategy<Value = String> {
        let leaf = prop::sample::select(vec![
            "a",
            "b\\ c",
            "'q r'",
            "\"d $x e\"",
            "$'\\n\\''",
            "$y",
            "${z}",
            "${z:-w v}",
            "${#z}",
            "\"${z:+\"}\"}\"",
            "${z-'s'}",
            "\"${z=}\"",
            "$1",
            "$?",
            "~",
            "~/p",
            "~u/p",
            "*.txt",
            "[ab]",
            "a=1",
            "p=~/a:~/b",
            "x+=y",
            "\\$",
            "$",
            "\"$\"",
            "2>&1",
            ">o",
            ">>o",
            "<i",
            "&>e",
            "3<&-",
            "<<<w",
            "!",
            "{",
            "}",
            "if",
            "#c",
            "é",
            "\"\\\"\"",
            "$$",
            "a$",
            "`echo \\`b\\``",
            "\"`c`\"",
        ])
        .prop_map(String::from);
        let word = prop::collection::vec(leaf, 1..4).prop_map(|v| v.concat());
        let simple = prop::collection::vec(word, 1..4).prop_map(|v| v.join(" "));
        simple.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                (
                    inner.clone(),
                    prop::sample::select(vec![" ; ", " & ", " && ", " || ", " | ", "\n", " |& "]),
                    inner.clone()
                )
                    .prop_map(|(a, op, b)| format!("{a}{op}{b}")),
                inner.clone().prop_map(|a| format!("( {a} )")),
                inner.clone().prop_map(|a| format!("{{ {a}; }} 2>x")),
                inner
                    .clone()
                    .prop_map(|a| format!("echo $({a}) \"$({a})\"")),
                inner.clone().prop_map(|a| format!("! {a}")),
            ]
        })
    }

    proptest! {
        // No regression file: it would land outside this module's directory;
        // failures found are turned into unit tests instead.
        #![proptest_config(ProptestConfig {
            cases: ProptestConfig::default().cases.max(2000),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn never_panics_on_any_string(s in any::<String>()) {
            let _ = parse(&s);
        }

        #[test]
        fn never_panics_on_shellish_strings(s in shellish()) {
            let _ = parse(&s);
        }

        #[test]
        fn printing_round_trips_on_wellformed_lines(s in wellformed()) {
            if let Ok(tree) = parse(&s) {
                let printed = tree.to_string();
                prop_assert_eq!(parse(&printed), Ok(tree), "{:?} printed as {:?}", s, printed);
            }
        }

        #[test]
        fn printing_round_trips(s in shellish()) {
            if let Ok(tree) = parse(&s) {
                let printed = tree.to_string();
                prop_assert_eq!(parse(&printed), Ok(tree), "{:?} printed as {:?}", s, printed);
            }
        }
    }
}
