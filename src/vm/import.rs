//! `import`: built-in modules, and `.mini`/`.py` files next to the script.
//!
//! A module is entered into `sys.modules` before its code runs, so circular
//! imports see the partly initialised module, as in Python.

use super::eval::RunExit;
use super::frame::{Frame, FrameKind};
use super::{precompiled, PyResult, Vm};
use crate::objects::exception::PyErr;
use crate::objects::{DictObj, ExcKind, Function, Module, StrObj, Value};
use std::path::{Path, PathBuf};
use std::rc::Rc;

impl Vm {
    /// `import name` (a dotted name returns the innermost module).
    pub fn import_module(&mut self, name: &Rc<StrObj>) -> PyResult<Value> {
        let modules = self.interp.modules.clone();
        if let Some(m) = self.dict_get_str(&modules, name)? {
            return Ok(m);
        }
        let full = name.as_str().to_string();
        if let Some((parent, child)) = full.rsplit_once('.') {
            // Import the package first: its import may register the submodule
            // (`os` registers `os.path`).
            let parent_name = self.intern(parent);
            let package = self.import_module(&parent_name)?;
            if let Some(m) = self.dict_get_str(&modules, name)? {
                return Ok(m);
            }
            // A submodule of a library package, bound in the package.
            let Some(source) = crate::stdlib::source(&full) else {
                return Err(self.not_found(&full));
            };
            let m = self.import_frozen(name, source)?;
            let attr = self.intern(child);
            self.setattr(&package, &attr, m.clone())?;
            return Ok(m);
        }
        if let Some(make) = crate::modules::builtin_module(&full) {
            let m = make(self)?;
            self.dict_set_str(&modules, name.clone(), m.clone());
            return Ok(m);
        }
        if let Some(source) = crate::stdlib::source(&full) {
            return self.import_frozen(name, source);
        }
        match self.find_module_file(&full) {
            Some(path) => self.import_file(name, &path),
            None => Err(self.not_found(&full)),
        }
    }

    /// In a multiprocessing child: runs the parent's main script (if any)
    /// as module `__mp_main__`, which also answers to `__main__`, so the
    /// functions and classes it defines can be found by name.
    pub fn run_as_mp_main(&mut self, path: &str) -> PyResult<()> {
        let module = self.new_module("__mp_main__", (!path.is_empty()).then_some(path));
        let modules = self.interp.modules.clone();
        for name in ["__mp_main__", "__main__"] {
            let key = self.intern(name);
            self.dict_set_str(&modules, key, module.clone());
        }
        if path.is_empty() {
            return Ok(());
        }
        let bytes = std::fs::read(path)
            .map_err(|e| crate::objects::exception::os_error(ExcKind::OSError, &e, Some(path)))?;
        let source =
            crate::compiler::decode_source(&bytes, path).map_err(|e| self.syntax_error_value(e))?;
        let code = match self.take_precompiled(precompiled::MAIN) {
            Some(code) => code,
            None => {
                let code = crate::compiler::compile_module(&source, path)
                    .map_err(|e| self.syntax_error_value(e))?;
                self.load_code(&code, Some(Rc::from(source.as_str())))
            }
        };
        self.record_compiled(precompiled::MAIN, &source, &code);
        let Value::Module(m) = &module else {
            unreachable!()
        };
        self.run_module_code(code, &m.dict).map(|_| ())
    }

    fn find_module_file(&self, name: &str) -> Option<PathBuf> {
        let dir = self
            .interp
            .config
            .main_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from("."));
        ["mini", "py"]
            .iter()
            .map(|ext| dir.join(format!("{name}.{ext}")))
            .find(|p| p.is_file())
    }

    fn import_file(&mut self, name: &Rc<StrObj>, path: &Path) -> PyResult<Value> {
        let source = std::fs::read(path).map_err(|e| {
            crate::objects::exception::os_error(
                ExcKind::OSError,
                &e,
                Some(&path.display().to_string()),
            )
        })?;
        let filename = std::fs::canonicalize(path)
            .unwrap_or_else(|_| path.to_path_buf())
            .display()
            .to_string();
        let source = crate::compiler::decode_source(&source, &filename)
            .map_err(|e| self.syntax_error_value(e))?;
        self.import_source(name, &source, &filename, Some(&filename))
    }

    /// Imports a library module: the code the parent process sent, if it
    /// sent this one (see `precompiled.rs`), else compiled from `source`.
    fn import_frozen(&mut self, name: &Rc<StrObj>, source: &str) -> PyResult<Value> {
        let code = match self.take_precompiled(name.as_str()) {
            Some(code) => code,
            None => {
                let filename = format!("<frozen {}>", name.as_str());
                let code = crate::compiler::compile_module(source, &filename)
                    .map_err(|e| self.syntax_error_value(e))?;
                self.load_code(&code, Some(Rc::from(source)))
            }
        };
        self.record_compiled(name.as_str(), source, &code);
        self.run_as_module(name, code, None)
    }

    /// Compiles and runs module source as module `name`.
    fn import_source(
        &mut self,
        name: &Rc<StrObj>,
        source: &str,
        filename: &str,
        file_attr: Option<&str>,
    ) -> PyResult<Value> {
        let (code, warnings) = crate::compiler::compile_module_with_warnings(source, filename)
            .map_err(|e| self.syntax_error_value(e))?;
        super::boot::print_warnings(&warnings, filename, file_attr.map(|_| source));
        let code = self.load_code(&code, Some(Rc::from(source)));
        self.run_as_module(name, code, file_attr)
    }

    /// Runs module code as module `name`, entered in `sys.modules` first.
    fn run_as_module(
        &mut self,
        name: &Rc<StrObj>,
        code: crate::objects::CodeRef,
        file_attr: Option<&str>,
    ) -> PyResult<Value> {
        let module = self.new_module(name.as_str(), file_attr);
        let modules = self.interp.modules.clone();
        self.dict_set_str(&modules, name.clone(), module.clone());
        let Value::Module(m) = &module else {
            unreachable!()
        };
        if let Err(e) = self.run_module_code(code, &m.dict) {
            let _ = self.dict_remove(&modules, &Value::Str(name.clone()));
            return Err(e);
        }
        // The module may have replaced itself in sys.modules.
        Ok(self.dict_get_str(&modules, name)?.unwrap_or(module))
    }

    /// A fresh module object with the usual dunder names set.
    pub fn new_module(&self, name: &str, file: Option<&str>) -> Value {
        let dict = DictObj::new();
        let n = &self.interp.names;
        self.dict_set_str(&dict, n.__name__.clone(), Value::str(name));
        self.dict_set_str(&dict, n.__doc__.clone(), Value::None);
        self.dict_set_str(&dict, n.__package__.clone(), Value::str(""));
        self.dict_set_str(&dict, n.__spec__.clone(), Value::None);
        if let Some(f) = file {
            self.dict_set_str(&dict, n.__file__.clone(), Value::str(f));
        }
        self.dict_set_str(
            &dict,
            n.__builtins__.clone(),
            Value::Module(self.interp.builtins_module.clone()),
        );
        Value::Module(Rc::new(Module {
            name: self.intern(name),
            dict,
        }))
    }

    /// Runs compiled module code with `globals` as its namespace.
    pub fn run_module_code(
        &mut self,
        code: crate::objects::CodeRef,
        globals: &Rc<DictObj>,
    ) -> PyResult<Value> {
        let func = Rc::new(Function {
            name: crate::gil::GilCell::new(code.name.clone()),
            qualname: crate::gil::GilCell::new(code.qualname.clone()),
            code,
            globals: globals.clone(),
            defaults: Box::default(),
            kwdefaults: None,
            closure: Box::default(),
            dict: DictObj::new(),
        });
        let callee = self.stack.len();
        self.stack.push(Value::None);
        let base = callee + 1;
        self.stack.resize(base + func.code.nslots(), Value::Unbound);
        self.frames.push(Frame {
            func,
            ip: 0,
            base,
            kind: FrameKind::Call,
            boundary: true,
            namespace: None,
        });
        if let Err(e) = self.enter_native() {
            self.frames.pop();
            self.stack.truncate(callee);
            return Err(e);
        }
        let r = self.run();
        self.leave_native();
        match r? {
            RunExit::Return(v) | RunExit::Yield(v) => Ok(v),
        }
    }

    /// `from module import name`
    pub(crate) fn import_from(&mut self, module: &Value, name: &Rc<StrObj>) -> PyResult<Value> {
        if let Some(v) = self.getattr_opt(module, name)? {
            return Ok(v);
        }
        // A submodule not yet bound as an attribute.
        if let Value::Module(m) = module {
            let full = self.intern(&format!("{}.{}", m.name.as_str(), name.as_str()));
            if let Ok(v) = self.import_module(&full) {
                return Ok(v);
            }
            let path = self.dict_get_str(&m.dict, &self.interp.names.__file__)?;
            let file = match &path {
                Some(Value::Str(f)) => format!(" ({})", f.as_str()),
                _ => " (unknown location)".to_string(),
            };
            let msg = format!(
                "cannot import name '{}' from '{}'{}",
                name.as_str(),
                m.name.as_str(),
                file
            );
            return Err(self.import_error(
                ExcKind::ImportError,
                msg,
                m.name.as_str(),
                path.unwrap_or(Value::None),
            ));
        }
        Err(PyErr::new(
            ExcKind::ImportError,
            format!("cannot import name '{}'", name.as_str()),
        ))
    }

    /// `from module import *`
    pub(crate) fn import_star(&mut self, module: &Value) -> PyResult<()> {
        let Value::Module(m) = module else {
            return Ok(());
        };
        let target = match self.frames.last() {
            Some(f) => f
                .namespace
                .clone()
                .unwrap_or_else(|| f.func.globals.clone()),
            None => return Ok(()),
        };
        let all = self.dict_get_str(&m.dict, &self.interp.names.__all__)?;
        let names: Vec<Value> = match all {
            Some(all) => self.collect(&all)?,
            None => m
                .dict
                .table
                .borrow(self.gil.token())
                .iter()
                .filter(|e| !e.key.as_str().is_some_and(|k| k.starts_with('_')))
                .map(|e| e.key.clone())
                .collect(),
        };
        for n in names {
            if let Value::Str(s) = &n {
                if let Some(v) = self.dict_get_str(&m.dict, s)? {
                    self.dict_set_str(&target, s.clone(), v);
                }
            }
        }
        Ok(())
    }
}

impl Vm {
    fn not_found(&self, name: &str) -> PyErr {
        self.import_error(
            ExcKind::ModuleNotFoundError,
            format!("No module named '{name}'"),
            name,
            Value::None,
        )
    }
}
