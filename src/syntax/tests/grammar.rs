//! Parsed trees, including every span, compared with CPython 3.11's `ast`
//! (dumped by `tools/astdump.py`; expectations made by
//! `tools/gen_expected.py ast`).

use super::pydump::Dumper;
use crate::syntax::parse_module;

/// Checks every `(source, expected dump)` pair, reporting all mismatches.
fn check_all(cases: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for (source, expected) in cases {
        let got = match parse_module(source) {
            Ok(m) => Dumper::new(source).module(&m),
            Err(e) => format!("error: {e:?}"),
        };
        if got != *expected {
            failures.push(format!(
                "source {source:?}\n--- expected\n{expected}\n--- got\n{got}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Operator precedence and associativity, BoolOp collection, comparison chains.
#[test]
fn precedence() {
    check_all(&[
        ("-2**2", "Module(body=[Expr(value=UnaryOp(op=USub(), operand=BinOp(left=Constant(value=2)@1:1-1:2, op=Pow(), right=Constant(value=2)@1:4-1:5)@1:1-1:5)@1:0-1:5)@1:0-1:5])"),
        ("2**-1", "Module(body=[Expr(value=BinOp(left=Constant(value=2)@1:0-1:1, op=Pow(), right=UnaryOp(op=USub(), operand=Constant(value=1)@1:4-1:5)@1:3-1:5)@1:0-1:5)@1:0-1:5])"),
        ("not a == b", "Module(body=[Expr(value=UnaryOp(op=Not(), operand=Compare(left=Name(id=\"a\")@1:4-1:5, ops=[Eq()], comparators=[Name(id=\"b\")@1:9-1:10])@1:4-1:10)@1:0-1:10)@1:0-1:10])"),
        ("a if b else c or d", "Module(body=[Expr(value=IfExp(test=Name(id=\"b\")@1:5-1:6, body=Name(id=\"a\")@1:0-1:1, orelse=BoolOp(op=Or(), values=[Name(id=\"c\")@1:12-1:13, Name(id=\"d\")@1:17-1:18])@1:12-1:18)@1:0-1:18)@1:0-1:18])"),
        ("a < b <= c != d", "Module(body=[Expr(value=Compare(left=Name(id=\"a\")@1:0-1:1, ops=[Lt(), LtE(), NotEq()], comparators=[Name(id=\"b\")@1:4-1:5, Name(id=\"c\")@1:9-1:10, Name(id=\"d\")@1:14-1:15])@1:0-1:15)@1:0-1:15])"),
        ("a or b or c", "Module(body=[Expr(value=BoolOp(op=Or(), values=[Name(id=\"a\")@1:0-1:1, Name(id=\"b\")@1:5-1:6, Name(id=\"c\")@1:10-1:11])@1:0-1:11)@1:0-1:11])"),
        ("a or b and c or d", "Module(body=[Expr(value=BoolOp(op=Or(), values=[Name(id=\"a\")@1:0-1:1, BoolOp(op=And(), values=[Name(id=\"b\")@1:5-1:6, Name(id=\"c\")@1:11-1:12])@1:5-1:12, Name(id=\"d\")@1:16-1:17])@1:0-1:17)@1:0-1:17])"),
        ("a and b and not c", "Module(body=[Expr(value=BoolOp(op=And(), values=[Name(id=\"a\")@1:0-1:1, Name(id=\"b\")@1:6-1:7, UnaryOp(op=Not(), operand=Name(id=\"c\")@1:16-1:17)@1:12-1:17])@1:0-1:17)@1:0-1:17])"),
        ("x = 1 + 2 * 3 - 4 / 5 // 6 % 7 @ 8", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=BinOp(left=BinOp(left=Constant(value=1)@1:4-1:5, op=Add(), right=BinOp(left=Constant(value=2)@1:8-1:9, op=Mult(), right=Constant(value=3)@1:12-1:13)@1:8-1:13)@1:4-1:13, op=Sub(), right=BinOp(left=BinOp(left=BinOp(left=BinOp(left=Constant(value=4)@1:16-1:17, op=Div(), right=Constant(value=5)@1:20-1:21)@1:16-1:21, op=FloorDiv(), right=Constant(value=6)@1:25-1:26)@1:16-1:26, op=Mod(), right=Constant(value=7)@1:29-1:30)@1:16-1:30, op=MatMult(), right=Constant(value=8)@1:33-1:34)@1:16-1:34)@1:4-1:34)@1:0-1:34])"),
        ("x = ~a << 2 >> 1 & 3 | 4 ^ 5", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=BinOp(left=BinOp(left=BinOp(left=BinOp(left=UnaryOp(op=Invert(), operand=Name(id=\"a\")@1:5-1:6)@1:4-1:6, op=LShift(), right=Constant(value=2)@1:10-1:11)@1:4-1:11, op=RShift(), right=Constant(value=1)@1:15-1:16)@1:4-1:16, op=BitAnd(), right=Constant(value=3)@1:19-1:20)@1:4-1:20, op=BitOr(), right=BinOp(left=Constant(value=4)@1:23-1:24, op=BitXor(), right=Constant(value=5)@1:27-1:28)@1:23-1:28)@1:4-1:28)@1:0-1:28])"),
        ("x = a ** b ** c", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=BinOp(left=Name(id=\"a\")@1:4-1:5, op=Pow(), right=BinOp(left=Name(id=\"b\")@1:9-1:10, op=Pow(), right=Name(id=\"c\")@1:14-1:15)@1:9-1:15)@1:4-1:15)@1:0-1:15])"),
        ("x = - - - a", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=UnaryOp(op=USub(), operand=UnaryOp(op=USub(), operand=UnaryOp(op=USub(), operand=Name(id=\"a\")@1:10-1:11)@1:8-1:11)@1:6-1:11)@1:4-1:11)@1:0-1:11])"),
        ("x = a if b else c if d else e", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=IfExp(test=Name(id=\"b\")@1:9-1:10, body=Name(id=\"a\")@1:4-1:5, orelse=IfExp(test=Name(id=\"d\")@1:21-1:22, body=Name(id=\"c\")@1:16-1:17, orelse=Name(id=\"e\")@1:28-1:29)@1:16-1:29)@1:4-1:29)@1:0-1:29])"),
        ("x = lambda: a if b else c", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=Lambda(args=arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]), body=IfExp(test=Name(id=\"b\")@1:17-1:18, body=Name(id=\"a\")@1:12-1:13, orelse=Name(id=\"c\")@1:24-1:25)@1:12-1:25)@1:4-1:25)@1:0-1:25])"),
        ("x = not a in b", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=UnaryOp(op=Not(), operand=Compare(left=Name(id=\"a\")@1:8-1:9, ops=[In()], comparators=[Name(id=\"b\")@1:13-1:14])@1:8-1:14)@1:4-1:14)@1:0-1:14])"),
        ("x = a is not b not in c", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=Compare(left=Name(id=\"a\")@1:4-1:5, ops=[IsNot(), NotIn()], comparators=[Name(id=\"b\")@1:13-1:14, Name(id=\"c\")@1:22-1:23])@1:4-1:23)@1:0-1:23])"),
        ("x = await a ** b", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=BinOp(left=Await(value=Name(id=\"a\")@1:10-1:11)@1:4-1:11, op=Pow(), right=Name(id=\"b\")@1:15-1:16)@1:4-1:16)@1:0-1:16])"),
        ("x = (a) + (b)", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=BinOp(left=Name(id=\"a\")@1:5-1:6, op=Add(), right=Name(id=\"b\")@1:11-1:12)@1:4-1:13)@1:0-1:13])"),
        ("x = a.b[c](d).e", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=Attribute(value=Call(func=Subscript(value=Attribute(value=Name(id=\"a\")@1:4-1:5, attr=\"b\")@1:4-1:7, slice=Name(id=\"c\")@1:8-1:9)@1:4-1:10, args=[Name(id=\"d\")@1:11-1:12], keywords=[])@1:4-1:13, attr=\"e\")@1:4-1:15)@1:0-1:15])"),
    ]);
}

/// Every literal form: numbers, strings, bytes, escapes, concatenation.
#[test]
fn literals() {
    check_all(&[
        ("x = 1, 0x_ff, 0o17, 0b1010, 1_000, 0XFF, 0, 00, 0_0", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=Tuple(elts=[Constant(value=1)@1:4-1:5, Constant(value=255)@1:7-1:12, Constant(value=15)@1:14-1:18, Constant(value=10)@1:20-1:26, Constant(value=1000)@1:28-1:33, Constant(value=255)@1:35-1:39, Constant(value=0)@1:41-1:42, Constant(value=0)@1:44-1:46, Constant(value=0)@1:48-1:51])@1:4-1:51)@1:0-1:51])"),
        ("x = 12345678901234567890, 9223372036854775807, 9223372036854775808", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=Tuple(elts=[Constant(value=12345678901234567890)@1:4-1:24, Constant(value=9223372036854775807)@1:26-1:45, Constant(value=9223372036854775808)@1:47-1:66])@1:4-1:66)@1:0-1:66])"),
        ("x = 1.5, .5, 1., 1e3, 1E-3, 1_0.0_1e+1_0, 0.0, 09.5, 1e400, 1if 1else 2", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=Tuple(elts=[Constant(value=float:3ff8000000000000)@1:4-1:7, Constant(value=float:3fe0000000000000)@1:9-1:11, Constant(value=float:3ff0000000000000)@1:13-1:15, Constant(value=float:408f400000000000)@1:17-1:20, Constant(value=float:3f50624dd2f1a9fc)@1:22-1:26, Constant(value=float:42374e6cc9000000)@1:28-1:40, Constant(value=float:0)@1:42-1:45, Constant(value=float:4023000000000000)@1:47-1:51, Constant(value=float:7ff0000000000000)@1:53-1:58, IfExp(test=Constant(value=1)@1:64-1:65, body=Constant(value=1)@1:60-1:61, orelse=Constant(value=2)@1:70-1:71)@1:60-1:71])@1:4-1:71)@1:0-1:71])"),
        ("x = 's', \"d\", '''t''', \"\"\"q\"\"\", 'a' \"b\" 'c'", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=Tuple(elts=[Constant(value=\"s\")@1:4-1:7, Constant(value=\"d\")@1:9-1:12, Constant(value=\"t\")@1:14-1:21, Constant(value=\"q\")@1:23-1:30, Constant(value=\"abc\")@1:32-1:43])@1:4-1:43)@1:0-1:43])"),
        ("x = b'x' B'y', rb'\\n', Br'z'", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=Tuple(elts=[Constant(value=b\"xy\")@1:4-1:13, Constant(value=b\"\\u{5c}n\")@1:15-1:21, Constant(value=b\"z\")@1:23-1:28])@1:4-1:28)@1:0-1:28])"),
        ("x = r'\\n', R'\\t', u'uni', U\"x\"", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=Tuple(elts=[Constant(value=\"\\u{5c}n\")@1:4-1:9, Constant(value=\"\\u{5c}t\")@1:11-1:16, Constant(value=\"uni\")@1:18-1:24, Constant(value=\"x\")@1:26-1:30])@1:4-1:30)@1:0-1:30])"),
        ("x = '\\n\\t\\r\\\\\\'\\\"\\a\\b\\f\\v\\0\\101\\x41\\u0041\\U0001F600\\N{BULLET}\\q\\777'", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=Constant(value=\"\\u{a}\\u{9}\\u{d}\\u{5c}'\\u{22}\\u{7}\\u{8}\\u{c}\\u{b}\\u{0}AAA\\u{1f600}\\u{2022}\\u{5c}q\\u{1ff}\")@1:4-1:68)@1:0-1:68])"),
        ("x = b'\\n\\x41\\101\\q\\777'", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=Constant(value=b\"\\u{a}AA\\u{5c}q\\u{ff}\")@1:4-1:23)@1:0-1:23])"),
        ("x = 'a\\\nb'", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=Constant(value=\"ab\")@1:4-2:2)@1:0-2:2])"),
        ("x = '''line1\nline2\\\nline3'''", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=Constant(value=\"line1\\u{a}line2line3\")@1:4-3:8)@1:0-3:8])"),
        ("x = '''a\r\nb'''", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=Constant(value=\"a\\u{a}b\")@1:4-2:4)@1:0-2:4])"),
        ("x = 'é' 'ü'", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=Constant(value=\"\\u{e9}\\u{fc}\")@1:4-1:13)@1:0-1:13])"),
        ("x = None, True, False, ...", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=Tuple(elts=[Constant(value=None)@1:4-1:8, Constant(value=True)@1:10-1:14, Constant(value=False)@1:16-1:21, Constant(value=Ellipsis)@1:23-1:26])@1:4-1:26)@1:0-1:26])"),
    ]);
}

/// f-strings: conversions, format specs (nested), debug `=`, escapes, spans.
#[test]
fn fstrings() {
    check_all(&[
        ("f'{x}'", "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Name(id=\"x\")@1:3-1:4, conversion=-1, format_spec=None)])@1:0-1:6)@1:0-1:6])"),
        ("f'{x!r}' f'{x!s:>10}' F'{x:{w}.{p}}'", "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Name(id=\"x\")@1:3-1:4, conversion=114, format_spec=None), FormattedValue(value=Name(id=\"x\")@1:12-1:13, conversion=115, format_spec=JoinedStr(values=[Constant(value=\">10\")])), FormattedValue(value=Name(id=\"x\")@1:25-1:26, conversion=-1, format_spec=JoinedStr(values=[FormattedValue(value=Name(id=\"w\")@1:28-1:29, conversion=-1, format_spec=None), Constant(value=\".\"), FormattedValue(value=Name(id=\"p\")@1:32-1:33, conversion=-1, format_spec=None)]))])@1:0-1:36)@1:0-1:36])"),
        ("f'{{}}' f'a{{b}}c'", "Module(body=[Expr(value=JoinedStr(values=[Constant(value=\"{}a{b}c\")])@1:0-1:18)@1:0-1:18])"),
        ("rf'{x}\\n' fR'{x}'", "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Name(id=\"x\")@1:4-1:5, conversion=-1, format_spec=None), Constant(value=\"\\u{5c}n\"), FormattedValue(value=Name(id=\"x\")@1:14-1:15, conversion=-1, format_spec=None)])@1:0-1:17)@1:0-1:17])"),
        ("f'{x=}'", "Module(body=[Expr(value=JoinedStr(values=[Constant(value=\"x=\"), FormattedValue(value=Name(id=\"x\")@1:3-1:4, conversion=114, format_spec=None)])@1:0-1:7)@1:0-1:7])"),
        ("f'{x = }'", "Module(body=[Expr(value=JoinedStr(values=[Constant(value=\"x = \"), FormattedValue(value=Name(id=\"x\")@1:3-1:4, conversion=114, format_spec=None)])@1:0-1:9)@1:0-1:9])"),
        ("f'{x=!s}'", "Module(body=[Expr(value=JoinedStr(values=[Constant(value=\"x=\"), FormattedValue(value=Name(id=\"x\")@1:3-1:4, conversion=115, format_spec=None)])@1:0-1:9)@1:0-1:9])"),
        ("f'{x=:>4}'", "Module(body=[Expr(value=JoinedStr(values=[Constant(value=\"x=\"), FormattedValue(value=Name(id=\"x\")@1:3-1:4, conversion=-1, format_spec=JoinedStr(values=[Constant(value=\">4\")]))])@1:0-1:10)@1:0-1:10])"),
        ("'a' f'b{c}d' 'e'", "Module(body=[Expr(value=JoinedStr(values=[Constant(value=\"ab\"), FormattedValue(value=Name(id=\"c\")@1:8-1:9, conversion=-1, format_spec=None), Constant(value=\"de\")])@1:0-1:16)@1:0-1:16])"),
        ("f''", "Module(body=[Expr(value=JoinedStr(values=[])@1:0-1:3)@1:0-1:3])"),
        ("f'{x:}'", "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Name(id=\"x\")@1:3-1:4, conversion=-1, format_spec=JoinedStr(values=[]))])@1:0-1:7)@1:0-1:7])"),
        ("f'{\"a\"}' f\"{'b'}\"", "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Constant(value=\"a\")@1:3-1:6, conversion=-1, format_spec=None), FormattedValue(value=Constant(value=\"b\")@1:12-1:15, conversion=-1, format_spec=None)])@1:0-1:17)@1:0-1:17])"),
        ("f'''{f\"{x}\"}'''", "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=JoinedStr(values=[FormattedValue(value=Name(id=\"x\")@1:8-1:9, conversion=-1, format_spec=None)])@1:5-1:11, conversion=-1, format_spec=None)])@1:0-1:15)@1:0-1:15])"),
        ("f'{é}ü'", "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Name(id=\"\\u{e9}\")@1:3-1:5, conversion=-1, format_spec=None), Constant(value=\"\\u{fc}\")])@1:0-1:9)@1:0-1:9])"),
        ("f'{a + b:{c}} {d!a}'", "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=BinOp(left=Name(id=\"a\")@1:3-1:4, op=Add(), right=Name(id=\"b\")@1:7-1:8)@1:3-1:8, conversion=-1, format_spec=JoinedStr(values=[FormattedValue(value=Name(id=\"c\")@1:10-1:11, conversion=-1, format_spec=None)])), Constant(value=\" \"), FormattedValue(value=Name(id=\"d\")@1:15-1:16, conversion=97, format_spec=None)])@1:0-1:20)@1:0-1:20])"),
        ("f'{ x }'", "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Name(id=\"x\")@1:4-1:5, conversion=-1, format_spec=None)])@1:0-1:8)@1:0-1:8])"),
        ("f'{x,y}'", "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Tuple(elts=[Name(id=\"x\")@1:3-1:4, Name(id=\"y\")@1:5-1:6])@1:2-1:7, conversion=-1, format_spec=None)])@1:0-1:8)@1:0-1:8])"),
        ("f'{a[1]:{b}{c}}'", "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Subscript(value=Name(id=\"a\")@1:3-1:4, slice=Constant(value=1)@1:5-1:6)@1:3-1:7, conversion=-1, format_spec=JoinedStr(values=[FormattedValue(value=Name(id=\"b\")@1:9-1:10, conversion=-1, format_spec=None), FormattedValue(value=Name(id=\"c\")@1:12-1:13, conversion=-1, format_spec=None)]))])@1:0-1:16)@1:0-1:16])"),
        ("f'{(lambda: 1)()}'", "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Call(func=Lambda(args=arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]), body=Constant(value=1)@1:12-1:13)@1:4-1:13, args=[], keywords=[])@1:3-1:16, conversion=-1, format_spec=None)])@1:0-1:18)@1:0-1:18])"),
        ("f'\\n{x}\\t'", "Module(body=[Expr(value=JoinedStr(values=[Constant(value=\"\\u{a}\"), FormattedValue(value=Name(id=\"x\")@1:5-1:6, conversion=-1, format_spec=None), Constant(value=\"\\u{9}\")])@1:0-1:10)@1:0-1:10])"),
        ("f'{x!r:^{w}}'", "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Name(id=\"x\")@1:3-1:4, conversion=114, format_spec=JoinedStr(values=[Constant(value=\"^\"), FormattedValue(value=Name(id=\"w\")@1:9-1:10, conversion=-1, format_spec=None)]))])@1:0-1:13)@1:0-1:13])"),
        ("f'''\n{\nx\n}\n'''", "Module(body=[Expr(value=JoinedStr(values=[Constant(value=\"\\u{a}\"), FormattedValue(value=Name(id=\"x\")@3:0-3:1, conversion=-1, format_spec=None), Constant(value=\"\\u{a}\")])@1:0-5:3)@1:0-5:3])"),
        ("f'{3.14:.2f}'", "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Constant(value=float:40091eb851eb851f)@1:3-1:7, conversion=-1, format_spec=JoinedStr(values=[Constant(value=\".2f\")]))])@1:0-1:13)@1:0-1:13])"),
        ("f'{a:b{c}d}'", "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Name(id=\"a\")@1:3-1:4, conversion=-1, format_spec=JoinedStr(values=[Constant(value=\"b\"), FormattedValue(value=Name(id=\"c\")@1:7-1:8, conversion=-1, format_spec=None), Constant(value=\"d\")]))])@1:0-1:12)@1:0-1:12])"),
        ("f'{\"{\"}'", "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Constant(value=\"{\")@1:3-1:6, conversion=-1, format_spec=None)])@1:0-1:8)@1:0-1:8])"),
        ("f'{x}' '{y}'", "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Name(id=\"x\")@1:3-1:4, conversion=-1, format_spec=None), Constant(value=\"{y}\")])@1:0-1:12)@1:0-1:12])"),
    ]);
}

/// Assignment, augmented, annotated, for, del and with targets; walrus.
#[test]
fn targets() {
    check_all(&[
        ("a = b = c = 0", "Module(body=[Assign(targets=[Name(id=\"a\")@1:0-1:1, Name(id=\"b\")@1:4-1:5, Name(id=\"c\")@1:8-1:9], value=Constant(value=0)@1:12-1:13)@1:0-1:13])"),
        ("a, b = c", "Module(body=[Assign(targets=[Tuple(elts=[Name(id=\"a\")@1:0-1:1, Name(id=\"b\")@1:3-1:4])@1:0-1:4], value=Name(id=\"c\")@1:7-1:8)@1:0-1:8])"),
        ("[a, b] = c", "Module(body=[Assign(targets=[List(elts=[Name(id=\"a\")@1:1-1:2, Name(id=\"b\")@1:4-1:5])@1:0-1:6], value=Name(id=\"c\")@1:9-1:10)@1:0-1:10])"),
        ("(a, b) = c", "Module(body=[Assign(targets=[Tuple(elts=[Name(id=\"a\")@1:1-1:2, Name(id=\"b\")@1:4-1:5])@1:0-1:6], value=Name(id=\"c\")@1:9-1:10)@1:0-1:10])"),
        ("first, *rest = x", "Module(body=[Assign(targets=[Tuple(elts=[Name(id=\"first\")@1:0-1:5, Starred(value=Name(id=\"rest\")@1:8-1:12)@1:7-1:12])@1:0-1:12], value=Name(id=\"x\")@1:15-1:16)@1:0-1:16])"),
        ("*a, b = c", "Module(body=[Assign(targets=[Tuple(elts=[Starred(value=Name(id=\"a\")@1:1-1:2)@1:0-1:2, Name(id=\"b\")@1:4-1:5])@1:0-1:5], value=Name(id=\"c\")@1:8-1:9)@1:0-1:9])"),
        ("[a, *b] = c", "Module(body=[Assign(targets=[List(elts=[Name(id=\"a\")@1:1-1:2, Starred(value=Name(id=\"b\")@1:5-1:6)@1:4-1:6])@1:0-1:7], value=Name(id=\"c\")@1:10-1:11)@1:0-1:11])"),
        ("a.b = a[0] = a[1:2] = 0", "Module(body=[Assign(targets=[Attribute(value=Name(id=\"a\")@1:0-1:1, attr=\"b\")@1:0-1:3, Subscript(value=Name(id=\"a\")@1:6-1:7, slice=Constant(value=0)@1:8-1:9)@1:6-1:10, Subscript(value=Name(id=\"a\")@1:13-1:14, slice=Slice(lower=Constant(value=1)@1:15-1:16, upper=Constant(value=2)@1:17-1:18, step=None)@1:15-1:18)@1:13-1:19], value=Constant(value=0)@1:22-1:23)@1:0-1:23])"),
        ("(a, (b, c)), [d] = x", "Module(body=[Assign(targets=[Tuple(elts=[Tuple(elts=[Name(id=\"a\")@1:1-1:2, Tuple(elts=[Name(id=\"b\")@1:5-1:6, Name(id=\"c\")@1:8-1:9])@1:4-1:10])@1:0-1:11, List(elts=[Name(id=\"d\")@1:14-1:15])@1:13-1:16])@1:0-1:16], value=Name(id=\"x\")@1:19-1:20)@1:0-1:20])"),
        ("x: int = 5", "Module(body=[AnnAssign(target=Name(id=\"x\")@1:0-1:1, annotation=Name(id=\"int\")@1:3-1:6, value=Constant(value=5)@1:9-1:10, simple=1)@1:0-1:10])"),
        ("x: int", "Module(body=[AnnAssign(target=Name(id=\"x\")@1:0-1:1, annotation=Name(id=\"int\")@1:3-1:6, value=None, simple=1)@1:0-1:6])"),
        ("(x): int = 1", "Module(body=[AnnAssign(target=Name(id=\"x\")@1:1-1:2, annotation=Name(id=\"int\")@1:5-1:8, value=Constant(value=1)@1:11-1:12, simple=0)@1:0-1:12])"),
        ("a.b: int", "Module(body=[AnnAssign(target=Attribute(value=Name(id=\"a\")@1:0-1:1, attr=\"b\")@1:0-1:3, annotation=Name(id=\"int\")@1:5-1:8, value=None, simple=0)@1:0-1:8])"),
        ("a[0]: int = 1", "Module(body=[AnnAssign(target=Subscript(value=Name(id=\"a\")@1:0-1:1, slice=Constant(value=0)@1:2-1:3)@1:0-1:4, annotation=Name(id=\"int\")@1:6-1:9, value=Constant(value=1)@1:12-1:13, simple=0)@1:0-1:13])"),
        ("x += 1", "Module(body=[AugAssign(target=Name(id=\"x\")@1:0-1:1, op=Add(), value=Constant(value=1)@1:5-1:6)@1:0-1:6])"),
        ("a.b -= 1", "Module(body=[AugAssign(target=Attribute(value=Name(id=\"a\")@1:0-1:1, attr=\"b\")@1:0-1:3, op=Sub(), value=Constant(value=1)@1:7-1:8)@1:0-1:8])"),
        ("a[0] *= 2", "Module(body=[AugAssign(target=Subscript(value=Name(id=\"a\")@1:0-1:1, slice=Constant(value=0)@1:2-1:3)@1:0-1:4, op=Mult(), value=Constant(value=2)@1:8-1:9)@1:0-1:9])"),
        ("for a, *b in c: pass", "Module(body=[For(target=Tuple(elts=[Name(id=\"a\")@1:4-1:5, Starred(value=Name(id=\"b\")@1:8-1:9)@1:7-1:9])@1:4-1:9, iter=Name(id=\"c\")@1:13-1:14, body=[Pass()@1:16-1:20], orelse=[])@1:0-1:20])"),
        ("for (a, b), c in d: pass", "Module(body=[For(target=Tuple(elts=[Tuple(elts=[Name(id=\"a\")@1:5-1:6, Name(id=\"b\")@1:8-1:9])@1:4-1:10, Name(id=\"c\")@1:12-1:13])@1:4-1:13, iter=Name(id=\"d\")@1:17-1:18, body=[Pass()@1:20-1:24], orelse=[])@1:0-1:24])"),
        ("for x, in y: pass", "Module(body=[For(target=Tuple(elts=[Name(id=\"x\")@1:4-1:5])@1:4-1:6, iter=Name(id=\"y\")@1:10-1:11, body=[Pass()@1:13-1:17], orelse=[])@1:0-1:17])"),
        ("del a, b[0], c.d, (e, f), [g]", "Module(body=[Delete(targets=[Name(id=\"a\")@1:4-1:5, Subscript(value=Name(id=\"b\")@1:7-1:8, slice=Constant(value=0)@1:9-1:10)@1:7-1:11, Attribute(value=Name(id=\"c\")@1:13-1:14, attr=\"d\")@1:13-1:16, Tuple(elts=[Name(id=\"e\")@1:19-1:20, Name(id=\"f\")@1:22-1:23])@1:18-1:24, List(elts=[Name(id=\"g\")@1:27-1:28])@1:26-1:29])@1:0-1:29])"),
        ("del a,", "Module(body=[Delete(targets=[Name(id=\"a\")@1:4-1:5])@1:0-1:6])"),
        ("with a as (b, c), d as [e]: pass", "Module(body=[With(items=[withitem(context_expr=Name(id=\"a\")@1:5-1:6, optional_vars=Tuple(elts=[Name(id=\"b\")@1:11-1:12, Name(id=\"c\")@1:14-1:15])@1:10-1:16), withitem(context_expr=Name(id=\"d\")@1:18-1:19, optional_vars=List(elts=[Name(id=\"e\")@1:24-1:25])@1:23-1:26)], body=[Pass()@1:28-1:32])@1:0-1:32])"),
        ("with a as b.c, d as e[0]: pass", "Module(body=[With(items=[withitem(context_expr=Name(id=\"a\")@1:5-1:6, optional_vars=Attribute(value=Name(id=\"b\")@1:10-1:11, attr=\"c\")@1:10-1:13), withitem(context_expr=Name(id=\"d\")@1:15-1:16, optional_vars=Subscript(value=Name(id=\"e\")@1:20-1:21, slice=Constant(value=0)@1:22-1:23)@1:20-1:24)], body=[Pass()@1:26-1:30])@1:0-1:30])"),
        ("[x for x, y in z]", "Module(body=[Expr(value=ListComp(elt=Name(id=\"x\")@1:1-1:2, generators=[comprehension(target=Tuple(elts=[Name(id=\"x\")@1:7-1:8, Name(id=\"y\")@1:10-1:11])@1:7-1:11, iter=Name(id=\"z\")@1:15-1:16, ifs=[])])@1:0-1:17)@1:0-1:17])"),
        ("x = (y := 1)", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=NamedExpr(target=Name(id=\"y\")@1:5-1:6, value=Constant(value=1)@1:10-1:11)@1:5-1:11)@1:0-1:12])"),
        ("if (n := 10) > 5: pass", "Module(body=[If(test=Compare(left=NamedExpr(target=Name(id=\"n\")@1:4-1:5, value=Constant(value=10)@1:9-1:11)@1:4-1:11, ops=[Gt()], comparators=[Constant(value=5)@1:15-1:16])@1:3-1:16, body=[Pass()@1:18-1:22], orelse=[])@1:0-1:22])"),
        ("f(x := 1)", "Module(body=[Expr(value=Call(func=Name(id=\"f\")@1:0-1:1, args=[NamedExpr(target=Name(id=\"x\")@1:2-1:3, value=Constant(value=1)@1:7-1:8)@1:2-1:8], keywords=[])@1:0-1:9)@1:0-1:9])"),
        ("a[x := 1]", "Module(body=[Expr(value=Subscript(value=Name(id=\"a\")@1:0-1:1, slice=NamedExpr(target=Name(id=\"x\")@1:2-1:3, value=Constant(value=1)@1:7-1:8)@1:2-1:8)@1:0-1:9)@1:0-1:9])"),
    ]);
}

/// Every statement form, layout (blank/comment lines, tabs, continuation, CR/LF).
#[test]
fn statements() {
    check_all(&[
        ("if a:\n    pass\nelif b:\n    x = 1\nelif c:\n    y = 2\nelse:\n    z = 3", "Module(body=[If(test=Name(id=\"a\")@1:3-1:4, body=[Pass()@2:4-2:8], orelse=[If(test=Name(id=\"b\")@3:5-3:6, body=[Assign(targets=[Name(id=\"x\")@4:4-4:5], value=Constant(value=1)@4:8-4:9)@4:4-4:9], orelse=[If(test=Name(id=\"c\")@5:5-5:6, body=[Assign(targets=[Name(id=\"y\")@6:4-6:5], value=Constant(value=2)@6:8-6:9)@6:4-6:9], orelse=[Assign(targets=[Name(id=\"z\")@8:4-8:5], value=Constant(value=3)@8:8-8:9)@8:4-8:9])@5:0-8:9])@3:0-8:9])@1:0-8:9])"),
        ("while x:\n    break\nelse:\n    continue", "Module(body=[While(test=Name(id=\"x\")@1:6-1:7, body=[Break()@2:4-2:9], orelse=[Continue()@4:4-4:12])@1:0-4:12])"),
        ("try:\n    pass\nexcept E as e:\n    pass\nexcept (A, B):\n    pass\nexcept:\n    pass\nelse:\n    pass\nfinally:\n    pass", "Module(body=[Try(body=[Pass()@2:4-2:8], handlers=[ExceptHandler(type=Name(id=\"E\")@3:7-3:8, name=\"e\", body=[Pass()@4:4-4:8]), ExceptHandler(type=Tuple(elts=[Name(id=\"A\")@5:8-5:9, Name(id=\"B\")@5:11-5:12])@5:7-5:13, name=None, body=[Pass()@6:4-6:8]), ExceptHandler(type=None, name=None, body=[Pass()@8:4-8:8])], orelse=[Pass()@10:4-10:8], finalbody=[Pass()@12:4-12:8])@1:0-12:8])"),
        ("try:\n    pass\nfinally:\n    x = 1", "Module(body=[Try(body=[Pass()@2:4-2:8], handlers=[], orelse=[], finalbody=[Assign(targets=[Name(id=\"x\")@4:4-4:5], value=Constant(value=1)@4:8-4:9)@4:4-4:9])@1:0-4:9])"),
        ("with (a as b, c as d):\n    pass", "Module(body=[With(items=[withitem(context_expr=Name(id=\"a\")@1:6-1:7, optional_vars=Name(id=\"b\")@1:11-1:12), withitem(context_expr=Name(id=\"c\")@1:14-1:15, optional_vars=Name(id=\"d\")@1:19-1:20)], body=[Pass()@2:4-2:8])@1:0-2:8])"),
        ("with (a, b):\n    pass", "Module(body=[With(items=[withitem(context_expr=Name(id=\"a\")@1:6-1:7, optional_vars=None), withitem(context_expr=Name(id=\"b\")@1:9-1:10, optional_vars=None)], body=[Pass()@2:4-2:8])@1:0-2:8])"),
        ("with (a) as b: pass", "Module(body=[With(items=[withitem(context_expr=Name(id=\"a\")@1:6-1:7, optional_vars=Name(id=\"b\")@1:12-1:13)], body=[Pass()@1:15-1:19])@1:0-1:19])"),
        ("with (a, b) as c: pass", "Module(body=[With(items=[withitem(context_expr=Tuple(elts=[Name(id=\"a\")@1:6-1:7, Name(id=\"b\")@1:9-1:10])@1:5-1:11, optional_vars=Name(id=\"c\")@1:15-1:16)], body=[Pass()@1:18-1:22])@1:0-1:22])"),
        ("with (a):\n    pass", "Module(body=[With(items=[withitem(context_expr=Name(id=\"a\")@1:6-1:7, optional_vars=None)], body=[Pass()@2:4-2:8])@1:0-2:8])"),
        ("with ():\n    pass", "Module(body=[With(items=[withitem(context_expr=Tuple(elts=[])@1:5-1:7, optional_vars=None)], body=[Pass()@2:4-2:8])@1:0-2:8])"),
        ("with (yield x): pass", "Module(body=[With(items=[withitem(context_expr=Yield(value=Name(id=\"x\")@1:12-1:13)@1:6-1:13, optional_vars=None)], body=[Pass()@1:16-1:20])@1:0-1:20])"),
        ("@dec\n@dec2.x(1)\nclass C(B, metaclass=M, **kw):\n    x: int = 5\n    def g(self): pass", "Module(body=[ClassDef(name=\"C\", bases=[Name(id=\"B\")@3:8-3:9], keywords=[keyword(arg=\"metaclass\", value=Name(id=\"M\")@3:21-3:22)@3:11-3:22, keyword(arg=None, value=Name(id=\"kw\")@3:26-3:28)@3:24-3:28], body=[AnnAssign(target=Name(id=\"x\")@4:4-4:5, annotation=Name(id=\"int\")@4:7-4:10, value=Constant(value=5)@4:13-4:14, simple=1)@4:4-4:14, FunctionDef(name=\"g\", args=arguments(posonlyargs=[], args=[arg(arg=\"self\", annotation=None)@5:10-5:14], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]), body=[Pass()@5:17-5:21], decorator_list=[], returns=None)@5:4-5:21], decorator_list=[Name(id=\"dec\")@1:1-1:4, Call(func=Attribute(value=Name(id=\"dec2\")@2:1-2:5, attr=\"x\")@2:1-2:7, args=[Constant(value=1)@2:8-2:9], keywords=[])@2:1-2:10])@3:0-5:21])"),
        ("def f(a, b: int = 1, /, c=2, *args: str, d, e: int = 3, **kw) -> None:\n    \"\"\"doc\"\"\"\n    return a, b", "Module(body=[FunctionDef(name=\"f\", args=arguments(posonlyargs=[arg(arg=\"a\", annotation=None)@1:6-1:7, arg(arg=\"b\", annotation=Name(id=\"int\")@1:12-1:15)@1:9-1:15], args=[arg(arg=\"c\", annotation=None)@1:24-1:25], vararg=arg(arg=\"args\", annotation=Name(id=\"str\")@1:36-1:39)@1:30-1:39, kwonlyargs=[arg(arg=\"d\", annotation=None)@1:41-1:42, arg(arg=\"e\", annotation=Name(id=\"int\")@1:47-1:50)@1:44-1:50], kw_defaults=[None, Constant(value=3)@1:53-1:54], kwarg=arg(arg=\"kw\", annotation=None)@1:58-1:60, defaults=[Constant(value=1)@1:18-1:19, Constant(value=2)@1:26-1:27]), body=[Expr(value=Constant(value=\"doc\")@2:4-2:13)@2:4-2:13, Return(value=Tuple(elts=[Name(id=\"a\")@3:11-3:12, Name(id=\"b\")@3:14-3:15])@3:11-3:15)@3:4-3:15], decorator_list=[], returns=Constant(value=None)@1:65-1:69)@1:0-3:15])"),
        ("def f(*, a): pass", "Module(body=[FunctionDef(name=\"f\", args=arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[arg(arg=\"a\", annotation=None)@1:9-1:10], kw_defaults=[None], kwarg=None, defaults=[]), body=[Pass()@1:13-1:17], decorator_list=[], returns=None)@1:0-1:17])"),
        ("def f(a, /): pass", "Module(body=[FunctionDef(name=\"f\", args=arguments(posonlyargs=[arg(arg=\"a\", annotation=None)@1:6-1:7], args=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]), body=[Pass()@1:13-1:17], decorator_list=[], returns=None)@1:0-1:17])"),
        ("lambda *, a=1: a", "Module(body=[Expr(value=Lambda(args=arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[arg(arg=\"a\", annotation=None)@1:10-1:11], kw_defaults=[Constant(value=1)@1:12-1:13], kwarg=None, defaults=[]), body=Name(id=\"a\")@1:15-1:16)@1:0-1:16)@1:0-1:16])"),
        ("lambda a, /, b=2, *c, d, **e: 0", "Module(body=[Expr(value=Lambda(args=arguments(posonlyargs=[arg(arg=\"a\", annotation=None)@1:7-1:8], args=[arg(arg=\"b\", annotation=None)@1:13-1:14], vararg=arg(arg=\"c\", annotation=None)@1:19-1:20, kwonlyargs=[arg(arg=\"d\", annotation=None)@1:22-1:23], kw_defaults=[None], kwarg=arg(arg=\"e\", annotation=None)@1:27-1:28, defaults=[Constant(value=2)@1:15-1:16]), body=Constant(value=0)@1:30-1:31)@1:0-1:31)@1:0-1:31])"),
        ("class E(): pass", "Module(body=[ClassDef(name=\"E\", bases=[], keywords=[], body=[Pass()@1:11-1:15], decorator_list=[])@1:0-1:15])"),
        ("import a.b as c, d", "Module(body=[Import(names=[alias(name=\"a.b\", asname=\"c\")@1:7-1:15, alias(name=\"d\", asname=None)@1:17-1:18])@1:0-1:18])"),
        ("from .m import a, b as c", "Module(body=[ImportFrom(module=\"m\", names=[alias(name=\"a\", asname=None)@1:15-1:16, alias(name=\"b\", asname=\"c\")@1:18-1:24], level=1)@1:0-1:24])"),
        ("from m import (a, b,)", "Module(body=[ImportFrom(module=\"m\", names=[alias(name=\"a\", asname=None)@1:15-1:16, alias(name=\"b\", asname=None)@1:18-1:19], level=0)@1:0-1:21])"),
        ("from m import *", "Module(body=[ImportFrom(module=\"m\", names=[alias(name=\"*\", asname=None)@1:14-1:15], level=0)@1:0-1:15])"),
        ("from . import x", "Module(body=[ImportFrom(module=None, names=[alias(name=\"x\", asname=None)@1:14-1:15], level=1)@1:0-1:15])"),
        ("from ...a.b import c", "Module(body=[ImportFrom(module=\"a.b\", names=[alias(name=\"c\", asname=None)@1:19-1:20], level=3)@1:0-1:20])"),
        ("from .... import d", "Module(body=[ImportFrom(module=None, names=[alias(name=\"d\", asname=None)@1:17-1:18], level=4)@1:0-1:18])"),
        ("global a, b\nnonlocal c", "Module(body=[Global(names=[\"a\", \"b\"])@1:0-1:11, Nonlocal(names=[\"c\"])@2:0-2:10])"),
        ("assert x, \"msg\"", "Module(body=[Assert(test=Name(id=\"x\")@1:7-1:8, msg=Constant(value=\"msg\")@1:10-1:15)@1:0-1:15])"),
        ("raise X from Y", "Module(body=[Raise(exc=Name(id=\"X\")@1:6-1:7, cause=Name(id=\"Y\")@1:13-1:14)@1:0-1:14])"),
        ("raise", "Module(body=[Raise(exc=None, cause=None)@1:0-1:5])"),
        ("x = yield", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=Yield(value=None)@1:4-1:9)@1:0-1:9])"),
        ("y = yield x", "Module(body=[Assign(targets=[Name(id=\"y\")@1:0-1:1], value=Yield(value=Name(id=\"x\")@1:10-1:11)@1:4-1:11)@1:0-1:11])"),
        ("z = yield from w", "Module(body=[Assign(targets=[Name(id=\"z\")@1:0-1:1], value=YieldFrom(value=Name(id=\"w\")@1:15-1:16)@1:4-1:16)@1:0-1:16])"),
        ("yield a, b", "Module(body=[Expr(value=Yield(value=Tuple(elts=[Name(id=\"a\")@1:6-1:7, Name(id=\"b\")@1:9-1:10])@1:6-1:10)@1:0-1:10)@1:0-1:10])"),
        ("return *a, b", "Module(body=[Return(value=Tuple(elts=[Starred(value=Name(id=\"a\")@1:8-1:9)@1:7-1:9, Name(id=\"b\")@1:11-1:12])@1:7-1:12)@1:0-1:12])"),
        ("if x: y = 1; z = 2", "Module(body=[If(test=Name(id=\"x\")@1:3-1:4, body=[Assign(targets=[Name(id=\"y\")@1:6-1:7], value=Constant(value=1)@1:10-1:11)@1:6-1:11, Assign(targets=[Name(id=\"z\")@1:13-1:14], value=Constant(value=2)@1:17-1:18)@1:13-1:18], orelse=[])@1:0-1:18])"),
        ("x = 1;", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=Constant(value=1)@1:4-1:5)@1:0-1:5])"),
        ("f(a)(b)[c].d", "Module(body=[Expr(value=Attribute(value=Subscript(value=Call(func=Call(func=Name(id=\"f\")@1:0-1:1, args=[Name(id=\"a\")@1:2-1:3], keywords=[])@1:0-1:4, args=[Name(id=\"b\")@1:5-1:6], keywords=[])@1:0-1:7, slice=Name(id=\"c\")@1:8-1:9)@1:0-1:10, attr=\"d\")@1:0-1:12)@1:0-1:12])"),
        ("f(*a, *b, c=1, *d, **e, f=2)", "Module(body=[Expr(value=Call(func=Name(id=\"f\")@1:0-1:1, args=[Starred(value=Name(id=\"a\")@1:3-1:4)@1:2-1:4, Starred(value=Name(id=\"b\")@1:7-1:8)@1:6-1:8, Starred(value=Name(id=\"d\")@1:16-1:17)@1:15-1:17], keywords=[keyword(arg=\"c\", value=Constant(value=1)@1:12-1:13)@1:10-1:13, keyword(arg=None, value=Name(id=\"e\")@1:21-1:22)@1:19-1:22, keyword(arg=\"f\", value=Constant(value=2)@1:26-1:27)@1:24-1:27])@1:0-1:28)@1:0-1:28])"),
        ("f(**k, a=1)", "Module(body=[Expr(value=Call(func=Name(id=\"f\")@1:0-1:1, args=[], keywords=[keyword(arg=None, value=Name(id=\"k\")@1:4-1:5)@1:2-1:5, keyword(arg=\"a\", value=Constant(value=1)@1:9-1:10)@1:7-1:10])@1:0-1:11)@1:0-1:11])"),
        ("f(x for x in y)", "Module(body=[Expr(value=Call(func=Name(id=\"f\")@1:0-1:1, args=[GeneratorExp(elt=Name(id=\"x\")@1:2-1:3, generators=[comprehension(target=Name(id=\"x\")@1:8-1:9, iter=Name(id=\"y\")@1:13-1:14, ifs=[])])@1:1-1:15], keywords=[])@1:0-1:15)@1:0-1:15])"),
        ("a[1:2, ::3, 4]", "Module(body=[Expr(value=Subscript(value=Name(id=\"a\")@1:0-1:1, slice=Tuple(elts=[Slice(lower=Constant(value=1)@1:2-1:3, upper=Constant(value=2)@1:4-1:5, step=None)@1:2-1:5, Slice(lower=None, upper=None, step=Constant(value=3)@1:9-1:10)@1:7-1:10, Constant(value=4)@1:12-1:13])@1:2-1:13)@1:0-1:14)@1:0-1:14])"),
        ("a[:], a[1:], a[:2], a[::], a[1:2:3]", "Module(body=[Expr(value=Tuple(elts=[Subscript(value=Name(id=\"a\")@1:0-1:1, slice=Slice(lower=None, upper=None, step=None)@1:2-1:3)@1:0-1:4, Subscript(value=Name(id=\"a\")@1:6-1:7, slice=Slice(lower=Constant(value=1)@1:8-1:9, upper=None, step=None)@1:8-1:10)@1:6-1:11, Subscript(value=Name(id=\"a\")@1:13-1:14, slice=Slice(lower=None, upper=Constant(value=2)@1:16-1:17, step=None)@1:15-1:17)@1:13-1:18, Subscript(value=Name(id=\"a\")@1:20-1:21, slice=Slice(lower=None, upper=None, step=None)@1:22-1:24)@1:20-1:25, Subscript(value=Name(id=\"a\")@1:27-1:28, slice=Slice(lower=Constant(value=1)@1:29-1:30, upper=Constant(value=2)@1:31-1:32, step=Constant(value=3)@1:33-1:34)@1:29-1:34)@1:27-1:35])@1:0-1:35)@1:0-1:35])"),
        ("a[*b]", "Module(body=[Expr(value=Subscript(value=Name(id=\"a\")@1:0-1:1, slice=Tuple(elts=[Starred(value=Name(id=\"b\")@1:3-1:4)@1:2-1:4])@1:2-1:4)@1:0-1:5)@1:0-1:5])"),
        ("a[b, *c]", "Module(body=[Expr(value=Subscript(value=Name(id=\"a\")@1:0-1:1, slice=Tuple(elts=[Name(id=\"b\")@1:2-1:3, Starred(value=Name(id=\"c\")@1:6-1:7)@1:5-1:7])@1:2-1:7)@1:0-1:8)@1:0-1:8])"),
        ("[x for x in y if x if not x for z in x]", "Module(body=[Expr(value=ListComp(elt=Name(id=\"x\")@1:1-1:2, generators=[comprehension(target=Name(id=\"x\")@1:7-1:8, iter=Name(id=\"y\")@1:12-1:13, ifs=[Name(id=\"x\")@1:17-1:18, UnaryOp(op=Not(), operand=Name(id=\"x\")@1:26-1:27)@1:22-1:27]), comprehension(target=Name(id=\"z\")@1:32-1:33, iter=Name(id=\"x\")@1:37-1:38, ifs=[])])@1:0-1:39)@1:0-1:39])"),
        ("{x: y for x, y in z}", "Module(body=[Expr(value=DictComp(key=Name(id=\"x\")@1:1-1:2, value=Name(id=\"y\")@1:4-1:5, generators=[comprehension(target=Tuple(elts=[Name(id=\"x\")@1:10-1:11, Name(id=\"y\")@1:13-1:14])@1:10-1:14, iter=Name(id=\"z\")@1:18-1:19, ifs=[])])@1:0-1:20)@1:0-1:20])"),
        ("{1: 2, **m, 3: 4}", "Module(body=[Expr(value=Dict(keys=[Constant(value=1)@1:1-1:2, None, Constant(value=3)@1:12-1:13], values=[Constant(value=2)@1:4-1:5, Name(id=\"m\")@1:9-1:10, Constant(value=4)@1:15-1:16])@1:0-1:17)@1:0-1:17])"),
        ("{*a, b}", "Module(body=[Expr(value=Set(elts=[Starred(value=Name(id=\"a\")@1:2-1:3)@1:1-1:3, Name(id=\"b\")@1:5-1:6])@1:0-1:7)@1:0-1:7])"),
        ("print(*args, sep=\"\")", "Module(body=[Expr(value=Call(func=Name(id=\"print\")@1:0-1:5, args=[Starred(value=Name(id=\"args\")@1:7-1:11)@1:6-1:11], keywords=[keyword(arg=\"sep\", value=Constant(value=\"\")@1:17-1:19)@1:13-1:19])@1:0-1:20)@1:0-1:20])"),
        ("x = (*a, b)", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=Tuple(elts=[Starred(value=Name(id=\"a\")@1:6-1:7)@1:5-1:7, Name(id=\"b\")@1:9-1:10])@1:4-1:11)@1:0-1:11])"),
        ("x = [*a, *b]", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=List(elts=[Starred(value=Name(id=\"a\")@1:6-1:7)@1:5-1:7, Starred(value=Name(id=\"b\")@1:10-1:11)@1:9-1:11])@1:4-1:12)@1:0-1:12])"),
        ("x = {**a, **b}", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=Dict(keys=[None, None], values=[Name(id=\"a\")@1:7-1:8, Name(id=\"b\")@1:12-1:13])@1:4-1:14)@1:0-1:14])"),
        ("x = 1 if 2 else 3, 4", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=Tuple(elts=[IfExp(test=Constant(value=2)@1:9-1:10, body=Constant(value=1)@1:4-1:5, orelse=Constant(value=3)@1:16-1:17)@1:4-1:17, Constant(value=4)@1:19-1:20])@1:4-1:20)@1:0-1:20])"),
        ("t = 1,", "Module(body=[Assign(targets=[Name(id=\"t\")@1:0-1:1], value=Tuple(elts=[Constant(value=1)@1:4-1:5])@1:4-1:6)@1:0-1:6])"),
        ("x, = y", "Module(body=[Assign(targets=[Tuple(elts=[Name(id=\"x\")@1:0-1:1])@1:0-1:2], value=Name(id=\"y\")@1:5-1:6)@1:0-1:6])"),
        ("x = [\n    1,\n    2,  # c\n]\ny = 1 + \\\n    2", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=List(elts=[Constant(value=1)@2:4-2:5, Constant(value=2)@3:4-3:5])@1:4-4:1)@1:0-4:1, Assign(targets=[Name(id=\"y\")@5:0-5:1], value=BinOp(left=Constant(value=1)@5:4-5:5, op=Add(), right=Constant(value=2)@6:4-6:5)@5:4-6:5)@5:0-6:5])"),
        ("if x:\n        # comment\n    a = 1\n\n    b = 2\n\t\ndef f():\n\treturn 1", "Module(body=[If(test=Name(id=\"x\")@1:3-1:4, body=[Assign(targets=[Name(id=\"a\")@3:4-3:5], value=Constant(value=1)@3:8-3:9)@3:4-3:9, Assign(targets=[Name(id=\"b\")@5:4-5:5], value=Constant(value=2)@5:8-5:9)@5:4-5:9], orelse=[])@1:0-5:9, FunctionDef(name=\"f\", args=arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]), body=[Return(value=Constant(value=1)@8:8-8:9)@8:1-8:9], decorator_list=[], returns=None)@7:0-8:9])"),
        ("class A:\n    def g(self):\n        if x:\n            pass\n        else:\n            pass\nz = 3", "Module(body=[ClassDef(name=\"A\", bases=[], keywords=[], body=[FunctionDef(name=\"g\", args=arguments(posonlyargs=[], args=[arg(arg=\"self\", annotation=None)@2:10-2:14], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]), body=[If(test=Name(id=\"x\")@3:11-3:12, body=[Pass()@4:12-4:16], orelse=[Pass()@6:12-6:16])@3:8-6:16], decorator_list=[], returns=None)@2:4-6:16], decorator_list=[])@1:0-6:16, Assign(targets=[Name(id=\"z\")@7:0-7:1], value=Constant(value=3)@7:4-7:5)@7:0-7:5])"),
        ("x = 1\r\nif x:\r\n    y = 2\r\n", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=Constant(value=1)@1:4-1:5)@1:0-1:5, If(test=Name(id=\"x\")@2:3-2:4, body=[Assign(targets=[Name(id=\"y\")@3:4-3:5], value=Constant(value=2)@3:8-3:9)@3:4-3:9], orelse=[])@2:0-3:9])"),
        ("x = 1\ry = 2\r", "Module(body=[Assign(targets=[Name(id=\"x\")@1:0-1:1], value=Constant(value=1)@1:4-1:5)@1:0-1:5, Assign(targets=[Name(id=\"y\")@2:0-2:1], value=Constant(value=2)@2:4-2:5)@2:0-2:5])"),
        ("\x0cx = 1\nif y:\n\x0c    z = 2\n", "Module(body=[Assign(targets=[Name(id=\"x\")@1:1-1:2], value=Constant(value=1)@1:5-1:6)@1:1-1:6, If(test=Name(id=\"y\")@2:3-2:4, body=[Assign(targets=[Name(id=\"z\")@3:5-3:6], value=Constant(value=2)@3:9-3:10)@3:5-3:10], orelse=[])@2:0-3:10])"),
        ("if x:\n  a\n# c\n     \n  b", "Module(body=[If(test=Name(id=\"x\")@1:3-1:4, body=[Expr(value=Name(id=\"a\")@2:2-2:3)@2:2-2:3, Expr(value=Name(id=\"b\")@5:2-5:3)@5:2-5:3], orelse=[])@1:0-5:3])"),
    ]);
}
