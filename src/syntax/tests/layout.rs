//! The layout lexer: NEWLINE / INDENT / DEDENT placement, implicit and
//! explicit line joining, tabs, form feeds, and the end of input.

use crate::syntax::lexer::{tokenize, Mode};
use crate::syntax::token::Tok;
use crate::syntax::{parse_expression, LineIndex, SyntaxErrorKind};

/// The token kinds of `src` as short names: `N` NEWLINE, `>` INDENT,
/// `<` DEDENT, `x` names, `1` numbers, `s` strings, other tokens as `.`.
fn layout(src: &str) -> String {
    let lexed = tokenize(src, 0, src.len(), Mode::Module);
    assert!(lexed.error.is_none(), "{src:?}: {:?}", lexed.error);
    lexed
        .tokens
        .iter()
        .map(|t| match t.1 {
            Tok::Newline => 'N',
            Tok::Indent => '>',
            Tok::Dedent => '<',
            Tok::Name(_) => 'x',
            Tok::Number(_) => '1',
            Tok::Str(_) => 's',
            _ => '.',
        })
        .collect()
}

fn lex_error(src: &str) -> (SyntaxErrorKind, String) {
    let lexed = tokenize(src, 0, src.len(), Mode::Module);
    let e = lexed.error.expect("an error").error;
    (e.kind, e.msg)
}

#[test]
fn blocks_and_end_of_input() {
    assert_eq!(layout("x\n"), "xN");
    assert_eq!(layout("x"), "xN");
    assert_eq!(layout(""), "");
    assert_eq!(layout("if x:\n    y\nz\n"), ".x.N>xN<xN");
    // One DEDENT per open level at end of input, even without a newline.
    assert_eq!(layout("if x:\n  if y:\n    z"), ".x.N>.x.N>xN<<");
    assert_eq!(layout("if x:\n  if y:\n    z\n  w\n"), ".x.N>.x.N>xN<xN<");
}

#[test]
fn blank_and_comment_lines_produce_nothing() {
    assert_eq!(layout("\n\n# c\n   \n\t\nx\n"), "xN");
    assert_eq!(layout("# only a comment"), "");
    assert_eq!(
        layout("if x:\n\n    # c\n        # deeper\n    y\n\n# c\nz\n"),
        ".x.N>xN<xN"
    );
    assert_eq!(layout("x  # trailing\n"), "xN");
}

#[test]
fn brackets_join_lines() {
    assert_eq!(layout("x = (1,\n  2,\n\n 3)\n"), "x..1.1.1.N");
    assert_eq!(layout("x = [\n# c\n]\ny\n"), "x...NxN");
}

#[test]
fn backslash_continues_a_line() {
    assert_eq!(layout("x = 1 + \\\n    2\n"), "x.1.1N");
    assert_eq!(layout("if x:\n    y = \\\n1\n    z\n"), ".x.N>x.1NxN<");
    assert_eq!(
        lex_error("x = \\ 1").1,
        "unexpected character after line continuation character"
    );
}

#[test]
fn tabs_and_form_feeds() {
    // A tab reaches column 8: the same level as eight spaces...
    assert_eq!(layout("if x:\n\ty\n\tz\n"), ".x.N>xNxN<");
    // ...but mixing them makes the level depend on the tab size.
    let (kind, msg) = lex_error("if x:\n\ty\n        z\n");
    assert_eq!(kind, SyntaxErrorKind::Tab);
    assert_eq!(msg, "inconsistent use of tabs and spaces in indentation");
    // Consistent mixes are fine.
    assert_eq!(layout("if x:\n  \ty\n  \tz\n"), ".x.N>xNxN<");
    // A form feed resets the column.
    assert_eq!(layout("if x:\n    y\n\x0cz\n"), ".x.N>xN<xN");
    assert_eq!(layout("\x0cx = 1\n"), "x.1N");
}

#[test]
fn bad_dedent() {
    let (kind, msg) = lex_error("if x:\n    a\n  b\n");
    assert_eq!(kind, SyntaxErrorKind::Indentation);
    assert_eq!(msg, "unindent does not match any outer indentation level");
}

#[test]
fn carriage_returns_are_line_breaks() {
    assert_eq!(layout("x\r\ny\r\n"), "xNxN");
    assert_eq!(layout("if x:\r    y\rz"), ".x.N>xN<xN");
}

#[test]
fn with_parentheses_are_marked() {
    let src = "with (a, b):\n    pass\nwith (a) as b: pass\n";
    let lexed = {
        let mut l = tokenize(src, 0, src.len(), Mode::Module);
        crate::syntax::lexer::mark_with_parens(&mut l.tokens);
        l
    };
    let marks: Vec<bool> = lexed
        .tokens
        .iter()
        .filter(|t| matches!(t.1, Tok::LPar | Tok::WithLPar))
        .map(|t| t.1 == Tok::WithLPar)
        .collect();
    assert_eq!(marks, [true, false]);
}

#[test]
fn line_index() {
    let src = "ab\nçd\r\ne\rf";
    let index = LineIndex::new(src);
    assert_eq!(index.line_col(0), (1, 0));
    assert_eq!(index.line_col(2), (1, 2));
    assert_eq!(index.line_col(3), (2, 0));
    // `ç` is two bytes but one character.
    assert_eq!(index.line_col(5), (2, 1));
    assert_eq!(index.line_col(8), (3, 0));
    assert_eq!(index.line_col(10), (4, 0));
    assert_eq!(index.line_text(src, 1), "ab");
    assert_eq!(index.line_text(src, 2), "çd");
    assert_eq!(index.line_text(src, 3), "e");
    assert_eq!(index.line_text(src, 4), "f");
    assert_eq!(index.line_text(src, 5), "");
}

#[test]
fn parse_expression_takes_one_expression() {
    use crate::syntax::ast::ExprKind;
    let e = parse_expression("  1 + 2\n\n").unwrap();
    assert!(matches!(e.kind, ExprKind::BinOp { .. }));
    assert_eq!((e.span.start, e.span.end), (2, 7));
    let e = parse_expression("\n(a,\n b)\n").unwrap();
    assert!(matches!(e.kind, ExprKind::Tuple(_)));
    assert!(matches!(
        parse_expression("a, b").unwrap().kind,
        ExprKind::Tuple(_)
    ));
    assert!(parse_expression("1\n2").is_err());
    assert!(parse_expression("x = 1").is_err());
    assert!(parse_expression("").is_err());
    assert!(parse_expression("(").unwrap_err().incomplete);
}

#[test]
fn byte_order_mark_is_skipped() {
    let m = crate::syntax::parse_module("\u{feff}x = 1\n").unwrap();
    assert_eq!(m.body[0].span.start, 3);
}
