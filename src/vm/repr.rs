//! Turning values into text: `repr()`, `str()`, `format()`, f-string fields
//! and `%`-formatting.

use super::{PyResult, Vm};
use crate::format::{float::float_repr, repr as text, spec};
use crate::objects::exception::{type_error, value_error, PyErr};
use crate::objects::{ExcKind, StrObj, Value, ViewKind};
use std::rc::Rc;

impl Vm {
    /// `repr(v)`
    pub fn repr(&mut self, v: &Value) -> PyResult<String> {
        Ok(match v {
            Value::None | Value::Unbound => "None".into(),
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            Value::Int(i) => i.to_string(),
            Value::BigInt(b) => self.bigint_to_string(b)?,
            Value::Float(f) => float_repr(*f),
            Value::Str(s) => text::str_repr(s.as_str()),
            Value::Bytes(b) => text::bytes_repr(&b.data),
            Value::NotImplemented => "NotImplemented".into(),
            Value::Ellipsis => "Ellipsis".into(),
            Value::List(l) => {
                let items = l.items.borrow(self.gil.token()).clone();
                self.repr_seq(v, "[", &items, "]", false)?
            }
            Value::Tuple(t) => {
                let items = t.items.to_vec();
                self.repr_seq(v, "(", &items, ")", items.len() == 1)?
            }
            Value::Dict(d) => {
                let entries: Vec<(Value, Value)> = d
                    .table
                    .borrow(self.gil.token())
                    .iter()
                    .map(|e| (e.key.clone(), e.value.clone()))
                    .collect();
                self.repr_dict(v, &entries)?
            }
            Value::Set(s) => {
                let items: Vec<Value> = s
                    .table
                    .borrow(self.gil.token())
                    .iter()
                    .map(|(_, k)| k.clone())
                    .collect();
                let name = if s.frozen { "frozenset" } else { "set" };
                if items.is_empty() {
                    format!("{name}()")
                } else if s.frozen {
                    format!("frozenset({})", self.repr_seq(v, "{", &items, "}", false)?)
                } else {
                    self.repr_seq(v, "{", &items, "}", false)?
                }
            }
            Value::Range(r) => {
                if r.is_big() {
                    let (a, b, c) = (r.start_big(), r.stop_big(), r.step_big());
                    if c == num_bigint::BigInt::from(1) {
                        format!("range({a}, {b})")
                    } else {
                        format!("range({a}, {b}, {c})")
                    }
                } else if r.step == 1 {
                    format!("range({}, {})", r.start, r.stop)
                } else {
                    format!("range({}, {}, {})", r.start, r.stop, r.step)
                }
            }
            Value::Slice(s) => {
                let (a, b, c) = (s.start.clone(), s.stop.clone(), s.step.clone());
                format!(
                    "slice({}, {}, {})",
                    self.repr(&a)?,
                    self.repr(&b)?,
                    self.repr(&c)?
                )
            }
            Value::DictView(view) => {
                let name = match view.kind {
                    ViewKind::Keys => "dict_keys",
                    ViewKind::Values => "dict_values",
                    ViewKind::Items => "dict_items",
                };
                let items = self.collect(v)?;
                format!("{name}({})", self.repr_seq(v, "[", &items, "]", false)?)
            }
            Value::Function(f) => format!(
                "<function {} at {}>",
                f.qualname.borrow(self.gil.token()).as_str(),
                addr(v)
            ),
            Value::Builtin(b) => match (&b.receiver, b.owner) {
                (Some(r), _) if !matches!(r, Value::Module(_)) => {
                    format!(
                        "<built-in method {} of {} object at {}>",
                        b.name,
                        self.type_name(r),
                        addr(r)
                    )
                }
                _ => format!("<built-in function {}>", b.name),
            },
            Value::Method(m) => {
                let (func, recv) = (m.func.clone(), m.receiver.clone());
                let r = self.repr(&recv)?;
                format!("<bound method {} of {}>", self.callable_name(&func), r)
            }
            Value::Class(c) => {
                let module = self
                    .dict_get_str(&c.dict, &self.interp.names.__module__)?
                    .and_then(|m| m.as_str().map(str::to_string));
                match module {
                    Some(m) if m != "builtins" => format!("<class '{}.{}'>", m, c.qualname),
                    _ => format!("<class '{}'>", c.qualname),
                }
            }
            Value::Module(m) => {
                let file = self.dict_get_str(&m.dict, &self.interp.names.__file__)?;
                match file {
                    Some(Value::Str(f)) => {
                        format!("<module '{}' from '{}'>", m.name.as_str(), f.as_str())
                    }
                    _ => format!("<module '{}' (built-in)>", m.name.as_str()),
                }
            }
            Value::Generator(g) => {
                format!("<generator object {} at {}>", g.qualname.as_str(), addr(v))
            }
            Value::Iter(it) => {
                let name = it.state.borrow(self.gil.token()).type_name();
                format!("<{name} object at {}>", addr(v))
            }
            Value::Cell(_) => format!("<cell at {}>", addr(v)),
            Value::Code(c) => format!(
                "<code object {} at {}, file \"{}\", line {}>",
                c.name.as_str(),
                addr(v),
                c.filename,
                c.first_line
            ),
            Value::Property(_) => format!("<property object at {}>", addr(v)),
            Value::StaticMethod(s) => {
                let f = s.func.clone();
                format!("<staticmethod({})>", self.repr(&f)?)
            }
            Value::ClassMethod(c) => {
                let f = c.func.clone();
                format!("<classmethod({})>", self.repr(&f)?)
            }
            Value::Super(s) => format!(
                "<super: <class '{}'>, <{} object>>",
                s.this_class.name, s.obj_type.name
            ),
            Value::Instance(_) => return self.instance_repr(v),
        })
    }

    fn instance_repr(&mut self, v: &Value) -> PyResult<String> {
        let name = self.interp.names.__repr__.clone();
        if let Some(f) = self.lookup_user_method(v, &name) {
            let r = self.call0(&f)?;
            return match r {
                Value::Str(s) => Ok(s.as_str().to_string()),
                r => Err(type_error(format!(
                    "__repr__ returned non-string (type {})",
                    self.type_name(&r)
                ))),
            };
        }
        if let Some(st) = self.exc_state(v) {
            let args = st.borrow(self.gil.token()).args.clone();
            let cls = self.type_name(v);
            let items = match &args {
                Value::Tuple(t) => t.items.to_vec(),
                _ => vec![],
            };
            if items.len() == 1 {
                return Ok(format!("{cls}({})", self.repr(&items[0])?));
            }
            return Ok(format!(
                "{cls}{}",
                self.repr_seq(&args, "(", &items, ")", false)?
            ));
        }
        // A native payload may know its own repr (threads, locks, files).
        if let Value::Instance(i) = v {
            let name = self.interp.names.__repr__.clone();
            if let Some(Value::Builtin(b)) = i.class.lookup(self.gil.token(), &name) {
                if b.name != "object.__repr__" {
                    let r = self.call_native(&b, crate::objects::Args::new([v.clone()]))?;
                    if let Value::Str(s) = r {
                        return Ok(s.as_str().to_string());
                    }
                }
            }
        }
        Ok(self.default_repr(v))
    }

    /// `<__main__.A object at 0x...>`
    pub fn default_repr(&mut self, v: &Value) -> String {
        let cls = self.type_of(v);
        let module = self
            .dict_get_str(&cls.dict, &self.interp.names.__module__)
            .ok()
            .flatten()
            .and_then(|m| m.as_str().map(str::to_string));
        match module {
            Some(m) if m != "builtins" => format!("<{}.{} object at {}>", m, cls.qualname, addr(v)),
            _ => format!("<{} object at {}>", cls.qualname, addr(v)),
        }
    }

    /// Repr of a container's items, with `...` for a container inside itself.
    fn repr_seq(
        &mut self,
        owner: &Value,
        open: &str,
        items: &[Value],
        close: &str,
        one_tuple: bool,
    ) -> PyResult<String> {
        self.enter_nested(" while getting the repr of an object")?;
        let guard = self.repr_enter(owner);
        let Some(guard) = guard else {
            self.leave_native();
            return Ok(format!("{open}...{close}"));
        };
        let mut s = String::from(open);
        let mut result = Ok(());
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            match self.repr(x) {
                Ok(r) => s.push_str(&r),
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        self.repr_leave(guard);
        self.leave_native();
        result?;
        if one_tuple {
            s.push(',');
        }
        s.push_str(close);
        Ok(s)
    }

    fn repr_dict(&mut self, owner: &Value, entries: &[(Value, Value)]) -> PyResult<String> {
        self.enter_nested(" while getting the repr of an object")?;
        let guard = self.repr_enter(owner);
        let Some(guard) = guard else {
            self.leave_native();
            return Ok("{...}".into());
        };
        let mut s = String::from("{");
        let mut result = Ok(());
        for (i, (k, val)) in entries.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            let r = self.repr(k).and_then(|k| Ok((k, self.repr(val)?)));
            match r {
                Ok((k, val)) => {
                    s.push_str(&k);
                    s.push_str(": ");
                    s.push_str(&val);
                }
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        self.repr_leave(guard);
        self.leave_native();
        result?;
        s.push('}');
        Ok(s)
    }

    /// Marks a container as being printed; `None` if it already is.
    fn repr_enter(&mut self, v: &Value) -> Option<usize> {
        let a = v.heap_addr()?;
        if self.repr_active.contains(&a) {
            return None;
        }
        self.repr_active.push(a);
        Some(a)
    }

    fn repr_leave(&mut self, a: usize) {
        if let Some(i) = self.repr_active.iter().rposition(|&x| x == a) {
            self.repr_active.remove(i);
        }
    }

    /// `str(v)`
    pub fn str(&mut self, v: &Value) -> PyResult<String> {
        match v {
            Value::Str(s) => Ok(s.as_str().to_string()),
            Value::Instance(_) => {
                let name = self.interp.names.__str__.clone();
                if let Some(f) = self.lookup_user_method(v, &name) {
                    let r = self.call0(&f)?;
                    return match r {
                        Value::Str(s) => Ok(s.as_str().to_string()),
                        r => Err(type_error(format!(
                            "__str__ returned non-string (type {})",
                            self.type_name(&r)
                        ))),
                    };
                }
                if self.exc_state(v).is_some() {
                    return self.exception_text(v);
                }
                // `object.__str__` calls `__repr__`, and what it returns is
                // checked as the result of `__str__`.
                let name = self.interp.names.__repr__.clone();
                if let Some(f) = self.lookup_user_method(v, &name) {
                    return match self.call0(&f)? {
                        Value::Str(s) => Ok(s.as_str().to_string()),
                        r => Err(type_error(format!(
                            "__str__ returned non-string (type {})",
                            self.type_name(&r)
                        ))),
                    };
                }
                self.repr(v)
            }
            _ => self.repr(v),
        }
    }

    /// `str(v)` as a string object (no copy when it already is one).
    pub fn str_obj(&mut self, v: &Value) -> PyResult<Rc<StrObj>> {
        match v {
            Value::Str(s) => Ok(s.clone()),
            _ => Ok(StrObj::new(self.str(v)?)),
        }
    }

    /// `str(exc)` of an exception without a `__str__` written in mini:
    /// the native `__str__` of its built-in class (OSError's `[Errno N]`
    /// form, SyntaxError's location, ...), else [`Vm::exception_str`].
    pub fn exception_text(&mut self, v: &Value) -> PyResult<String> {
        let cls = self.type_of(v);
        let name = self.interp.names.__str__.clone();
        if let Some(Value::Builtin(b)) = cls.lookup(self.gil.token(), &name) {
            if b.owner
                .is_some_and(|o| o != "BaseException" && o != "object")
            {
                return match (b.func)(self, crate::objects::Args::new([v.clone()]))? {
                    Value::Str(s) => Ok(s.as_str().to_string()),
                    r => Err(type_error(format!(
                        "__str__ returned non-string (type {})",
                        self.type_name(&r)
                    ))),
                };
            }
        }
        self.exception_str(v)
    }

    /// `BaseException.__str__`: the message, or the args tuple.
    pub fn exception_str(&mut self, v: &Value) -> PyResult<String> {
        let Some(st) = self.exc_state(v) else {
            return self.repr(v);
        };
        let args = st.borrow(self.gil.token()).args.clone();
        let items = match &args {
            Value::Tuple(t) => t.items.to_vec(),
            _ => vec![],
        };
        let is_key_error = self.isinstance(v, &self.exc_class(ExcKind::KeyError));
        match items.len() {
            0 => Ok(String::new()),
            1 if is_key_error => self.repr(&items[0]),
            1 => self.str(&items[0]),
            _ => self.repr(&args),
        }
    }

    fn bigint_to_string(&self, b: &num_bigint::BigInt) -> PyResult<String> {
        // CPython 3.11 refuses to print ints beyond 4300 digits (CVE-2020-10735).
        if b.bits() > 14_300 {
            let digits = b.to_string();
            if digits.trim_start_matches('-').len() > 4300 {
                return Err(value_error(
                    "Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit",
                ));
            }
            return Ok(digits);
        }
        Ok(b.to_string())
    }

    /// `format(v, spec)`
    pub fn format(&mut self, v: &Value, spec_str: &str) -> PyResult<String> {
        let map_err = |e: String| value_error(e);
        match v {
            Value::Int(i) => {
                let sp = spec::parse_spec_for(spec_str, "int").map_err(map_err)?;
                spec::format_i64(*i, &sp).map_err(map_err)
            }
            Value::BigInt(b) => {
                let sp = spec::parse_spec_for(spec_str, "int").map_err(map_err)?;
                spec::format_int(b, &sp).map_err(map_err)
            }
            Value::Bool(b) => {
                if spec_str.is_empty() {
                    return Ok(if *b { "True" } else { "False" }.into());
                }
                let sp = spec::parse_spec_for(spec_str, "bool").map_err(map_err)?;
                spec::format_i64_named(*b as i64, &sp, "bool").map_err(map_err)
            }
            Value::Float(f) => {
                let sp = spec::parse_spec_for(spec_str, "float").map_err(map_err)?;
                spec::format_float(*f, &sp).map_err(map_err)
            }
            Value::Str(s) => {
                if spec_str.is_empty() {
                    return Ok(s.as_str().to_string());
                }
                let sp = spec::parse_spec_for(spec_str, "str").map_err(map_err)?;
                spec::format_str(s.as_str(), &sp).map_err(map_err)
            }
            Value::Instance(_) => {
                let name = self.interp.names.__format__.clone();
                if let Some(f) = self.lookup_user_method(v, &name) {
                    let r = self.call1(&f, Value::str(spec_str))?;
                    return match r {
                        Value::Str(s) => Ok(s.as_str().to_string()),
                        r => Err(type_error(format!(
                            "__format__ must return a str, not {}",
                            self.type_name(&r)
                        ))),
                    };
                }
                self.object_format(v, spec_str)
            }
            _ => self.object_format(v, spec_str),
        }
    }

    /// `object.__format__`: only the empty spec is allowed.
    fn object_format(&mut self, v: &Value, spec_str: &str) -> PyResult<String> {
        if !spec_str.is_empty() {
            return Err(type_error(format!(
                "unsupported format string passed to {}.__format__",
                self.type_name(v)
            )));
        }
        self.str(v)
    }

    /// One f-string field: conversion (1 str, 2 repr, 3 ascii), then format.
    pub(crate) fn format_value(
        &mut self,
        v: Value,
        conversion: u32,
        spec: Option<Value>,
    ) -> PyResult<Value> {
        let v = match conversion {
            1 => Value::str(self.str(&v)?),
            2 => Value::str(self.repr(&v)?),
            3 => Value::str(text::ascii_escape(&self.repr(&v)?)),
            _ => v,
        };
        let spec_str = match &spec {
            Some(Value::Str(s)) => s.as_str().to_string(),
            _ => String::new(),
        };
        if spec_str.is_empty() {
            if let Value::Str(_) = v {
                return Ok(v);
            }
        }
        Ok(Value::str(self.format(&v, &spec_str)?))
    }

    /// The REPL shows each expression statement's value.
    pub(crate) fn print_expr(&mut self, v: Value) -> PyResult<()> {
        if v.is_none() {
            return Ok(());
        }
        let r = self.repr(&v)?;
        crate::stdio::stdout_write(&format!("{r}\n"));
        let underscore = self.intern("_");
        self.dict_set_str(&self.interp.builtins.clone(), underscore, v);
        Ok(())
    }

    /// `fmt % args` (printf-style formatting of str).
    pub fn percent_format(&mut self, fmt: &str, args: &Value) -> PyResult<String> {
        if let Some(t @ Value::Tuple(_)) = args.base_value() {
            // A tuple subclass supplies its items.
            let t = t.clone();
            return self.percent_format(fmt, &t);
        }
        // CPython's argument cursor: a tuple is consumed item by item;
        // any other value counts as one argument (`arglen` -1), and so
        // does the value a `%(key)` picked from the mapping.
        let mapping = match args {
            Value::Tuple(_) | Value::Str(_) => None,
            Value::Dict(_) | Value::List(_) | Value::Bytes(_) | Value::Range(_) => {
                Some(args.clone())
            }
            Value::Instance(_) => {
                let getitem = self.interp.names.__getitem__.clone();
                self.lookup_user_method(args, &getitem)
                    .map(|_| args.clone())
            }
            _ => None,
        };
        let mut cur_args = args.clone();
        let (mut arglen, mut argidx): (isize, isize) = match args {
            Value::Tuple(t) => (t.items.len() as isize, 0),
            _ => (-1, -2),
        };
        let mut out = String::new();
        let chars: Vec<char> = fmt.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c != '%' {
                out.push(c);
                i += 1;
                continue;
            }
            let start = i;
            i += 1;
            let at = |i: usize| chars.get(i).copied();
            // %(key)
            if at(i) == Some('(') {
                let Some(m) = &mapping else {
                    return Err(type_error("format requires a mapping"));
                };
                let mut depth = 1;
                let mut j = i + 1;
                while j < chars.len() && depth > 0 {
                    match chars[j] {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    j += 1;
                }
                if depth > 0 {
                    return Err(value_error("incomplete format key"));
                }
                let key: String = chars[i + 1..j - 1].iter().collect();
                cur_args = self.getitem(m, Value::str(key))?;
                (arglen, argidx) = (-1, -2);
                i = j;
            }
            let mut flags = String::new();
            while let Some(f @ ('-' | '+' | ' ' | '#' | '0')) = at(i) {
                flags.push(f);
                i += 1;
            }
            let take_arg = |cur: &Value, arglen: isize, argidx: &mut isize| -> PyResult<Value> {
                if *argidx >= arglen {
                    return Err(type_error("not enough arguments for format string"));
                }
                let i = *argidx;
                *argidx += 1;
                Ok(match cur {
                    Value::Tuple(t) if arglen >= 0 => t.items[i as usize].clone(),
                    v => v.clone(),
                })
            };
            let mut width = String::new();
            if at(i) == Some('*') {
                let w = take_arg(&cur_args, arglen, &mut argidx)?;
                match w {
                    Value::Int(n) => {
                        if n < 0 {
                            flags.push('-');
                        }
                        width = n.abs().to_string();
                    }
                    _ => return Err(type_error("* wants int")),
                }
                i += 1;
            } else {
                while let Some(d @ '0'..='9') = at(i) {
                    width.push(d);
                    i += 1;
                }
            }
            let mut precision: Option<String> = None;
            if at(i) == Some('.') {
                i += 1;
                let mut p = String::new();
                if at(i) == Some('*') {
                    match take_arg(&cur_args, arglen, &mut argidx)? {
                        Value::Int(n) => p = n.max(0).to_string(),
                        _ => return Err(type_error("* wants int")),
                    }
                    i += 1;
                } else {
                    while let Some(d @ '0'..='9') = at(i) {
                        p.push(d);
                        i += 1;
                    }
                }
                precision = Some(if p.is_empty() { "0".into() } else { p });
            }
            while let Some('h' | 'l' | 'L') = at(i) {
                i += 1;
            }
            let Some(conv) = at(i) else {
                return Err(value_error("incomplete format"));
            };
            i += 1;
            if conv == '%' {
                out.push('%');
                continue;
            }
            let v = take_arg(&cur_args, arglen, &mut argidx)?;
            let body = match conv {
                's' => self.str(&v)?,
                'r' => self.repr(&v)?,
                'a' => text::ascii_escape(&self.repr(&v)?),
                'c' => match &v {
                    Value::Int(n) => char::from_u32(*n as u32)
                        .map(|c| c.to_string())
                        .ok_or_else(|| {
                            crate::objects::exception::overflow_error(
                                "%c arg not in range(0x110000)",
                            )
                        })?,
                    Value::Str(s) if s.char_len() == 1 => s.as_str().to_string(),
                    _ => return Err(type_error("%c requires int or char")),
                },
                'd' | 'i' | 'u' | 'x' | 'X' | 'o' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                    let num = self.percent_number(&v, conv)?;
                    let ty = match conv {
                        'i' | 'u' => 'd',
                        c => c,
                    };
                    let mut spec_s = String::new();
                    if flags.contains('+') {
                        spec_s.push('+');
                    } else if flags.contains(' ') {
                        spec_s.push(' ');
                    }
                    if flags.contains('#') {
                        spec_s.push('#');
                    }
                    if let Some(p) = &precision {
                        if matches!(ty, 'e' | 'E' | 'f' | 'F' | 'g' | 'G') {
                            spec_s.push('.');
                            spec_s.push_str(p);
                        }
                    }
                    spec_s.push(ty);
                    let mut s = self.format(&num, &spec_s)?;
                    if matches!(ty, 'd' | 'x' | 'X' | 'o') {
                        if let Some(p) = &precision {
                            let p: usize = p.parse().unwrap_or(0);
                            let neg = s.starts_with('-');
                            let digits: String = s.trim_start_matches(['-', '+', ' ']).to_string();
                            let sign = &s[..s.len() - digits.len()];
                            if digits.len() < p {
                                s = format!("{sign}{}{digits}", "0".repeat(p - digits.len()));
                            }
                            let _ = neg;
                        }
                        if flags.contains('#') && ty == 'o' {
                            // `%#o` is 0o-prefixed already via the spec.
                        }
                    }
                    if flags.contains('0') && !flags.contains('-') {
                        let w: usize = width.parse().unwrap_or(0);
                        let n = s.chars().count();
                        if n < w {
                            let sign_len = s
                                .chars()
                                .take_while(|c| matches!(c, '-' | '+' | ' '))
                                .count();
                            let prefix_len = if s[sign_len..].starts_with("0x")
                                || s[sign_len..].starts_with("0X")
                                || s[sign_len..].starts_with("0o")
                            {
                                2
                            } else {
                                0
                            };
                            let (head, tail) = s.split_at(sign_len + prefix_len);
                            s = format!("{head}{}{tail}", "0".repeat(w - n));
                        }
                    }
                    s
                }
                other => {
                    return Err(value_error(format!(
                        "unsupported format character '{}' (0x{:x}) at index {}",
                        other,
                        other as u32,
                        i - 1
                    )))
                }
            };
            let body = match (&precision, conv) {
                (Some(p), 's' | 'r' | 'a') => {
                    let p: usize = p.parse().unwrap_or(0);
                    body.chars().take(p).collect()
                }
                _ => body,
            };
            let w: usize = width.parse().unwrap_or(0);
            let n = body.chars().count();
            if n < w {
                if flags.contains('-') {
                    out.push_str(&body);
                    out.push_str(&" ".repeat(w - n));
                } else {
                    out.push_str(&" ".repeat(w - n));
                    out.push_str(&body);
                }
            } else {
                out.push_str(&body);
            }
            let _ = start;
        }
        if mapping.is_none() && argidx < arglen {
            return Err(type_error(
                "not all arguments converted during string formatting",
            ));
        }
        Ok(out)
    }

    /// The number a `%d`/`%f`-style conversion formats.
    fn percent_number(&mut self, v: &Value, conv: char) -> PyResult<Value> {
        let int_conv = matches!(conv, 'd' | 'i' | 'u' | 'x' | 'X' | 'o');
        match v {
            Value::Int(_) | Value::BigInt(_) => Ok(v.clone()),
            Value::Bool(b) => Ok(Value::Int(*b as i64)),
            Value::Float(f) if int_conv => {
                if matches!(conv, 'x' | 'X' | 'o') {
                    return Err(type_error(format!(
                        "%{conv} format: an integer is required, not float"
                    )));
                }
                if !f.is_finite() {
                    return Err(crate::objects::exception::overflow_error(
                        "cannot convert float infinity to integer",
                    ));
                }
                Ok(crate::objects::int::normalize(num_bigint::BigInt::from(
                    f.trunc() as i128,
                )))
            }
            Value::Float(_) => Ok(v.clone()),
            Value::Instance(i) if i.base().is_some() => {
                let b = v.unwrap_base().clone();
                self.percent_number(&b, conv)
            }
            Value::Instance(_) => {
                // `%x`/`%o` take an `__index__`; `%d` also an `__int__`;
                // `%f`/`%e`/`%g` a `__float__`.
                match self.call_index(v) {
                    Ok(Some(n)) => return Ok(n),
                    Err(e) if !self.err_is(&e, crate::objects::ExcKind::TypeError) => {
                        return Err(e)
                    }
                    _ => {}
                }
                if !matches!(conv, 'x' | 'X' | 'o') {
                    let (int_name, float_name) = (
                        self.interp.names.__int__.clone(),
                        self.interp.names.__float__.clone(),
                    );
                    if int_conv {
                        if let Some(f) = self.lookup_user_method(v, &int_name) {
                            let r = self.call0(&f)?;
                            return self.percent_number(&r, conv);
                        }
                    }
                    if self.lookup_user_method(v, &float_name).is_some() {
                        let x = self.arg_f64(v)?;
                        return self.percent_number(&Value::Float(x), conv);
                    }
                }
                let what = if matches!(conv, 'x' | 'X' | 'o') {
                    "an integer is required"
                } else {
                    "a real number is required"
                };
                Err(type_error(format!(
                    "%{conv} format: {what}, not {}",
                    self.type_name(v)
                )))
            }
            _ => {
                let what = if matches!(conv, 'x' | 'X' | 'o') {
                    "an integer is required"
                } else {
                    "a real number is required"
                };
                Err(type_error(format!(
                    "%{conv} format: {what}, not {}",
                    self.type_name(v)
                )))
            }
        }
    }
}

/// `0x...` address for default reprs.
pub fn addr(v: &Value) -> String {
    format!("{:#014x}", v.heap_addr().unwrap_or(0))
}

#[allow(dead_code)]
fn _e(_: PyErr) {}
