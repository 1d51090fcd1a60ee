//! Global and namespace variables.
//!
//! `LoadGlobal` must not hash on the hot path: each code object keeps, per
//! name, where the name was last found (an entry position in the globals
//! dict, or in builtins) together with that dict's keys version. While no
//! key has been added to or removed from the dict, the position is still
//! right, and the load is two comparisons and an index.

use super::{PyResult, Vm};
use crate::objects::code::GlobalCache;
use crate::objects::exception::PyErr;
use crate::objects::{Code, ExcKind, Function, Value};
use std::rc::Rc;

impl Vm {
    /// The cached path of `LoadGlobal`, small enough to inline into the loop.
    #[inline(always)]
    pub(crate) fn load_global_cached(
        &self,
        code: &Code,
        func: &Function,
        i: usize,
    ) -> Option<Value> {
        let g = self.gil.token();
        let cache = code.global_cache.get(i)?.get();
        let globals = func.globals.table.borrow(g);
        if cache.globals_version != globals.keys_version() {
            return None;
        }
        if cache.globals_pos != u32::MAX {
            return Some(globals.value_at(cache.globals_pos as usize).clone());
        }
        let builtins = self.interp.builtins.table.borrow(g);
        if cache.builtins_version == builtins.keys_version() {
            return Some(builtins.value_at(cache.builtins_pos as usize).clone());
        }
        None
    }

    /// `LoadGlobal` without a usable cache: look the name up and remember
    /// where it was.
    #[inline(never)]
    pub(crate) fn load_global(
        &mut self,
        code: &Code,
        func: &Rc<Function>,
        i: usize,
    ) -> PyResult<Value> {
        let g = self.gil.token();
        let globals = func.globals.table.borrow(g);
        let name = &code.names[i];
        let h = name.hash();
        if let Some(pos) = globals.find_str(h, name) {
            code.global_cache[i].set(GlobalCache {
                globals_version: globals.keys_version(),
                globals_pos: pos as u32,
                ..GlobalCache::default()
            });
            return Ok(globals.value_at(pos).clone());
        }
        let builtins = self.interp.builtins.table.borrow(g);
        if let Some(pos) = builtins.find_str(h, name) {
            code.global_cache[i].set(GlobalCache {
                globals_version: globals.keys_version(),
                globals_pos: u32::MAX,
                builtins_version: builtins.keys_version(),
                builtins_pos: pos as u32,
            });
            return Ok(builtins.value_at(pos).clone());
        }
        Err(self.name_error(name.as_str()))
    }

    #[inline(always)]
    pub(crate) fn store_global(&mut self, code: &Code, func: &Rc<Function>, i: usize, v: Value) {
        let g = self.gil.token();
        let cache = code.global_cache[i].get();
        let mut globals = func.globals.table.borrow_mut(g);
        if cache.globals_version == globals.keys_version() && cache.globals_pos != u32::MAX {
            globals
                .set_value_at(cache.globals_pos as usize, v)
                .discard();
            return;
        }
        drop(globals);
        self.store_global_slow(code, func, i, v);
    }

    #[inline(never)]
    fn store_global_slow(&mut self, code: &Code, func: &Rc<Function>, i: usize, v: Value) {
        let g = self.gil.token();
        let mut globals = func.globals.table.borrow_mut(g);
        let name = &code.names[i];
        let h = name.hash();
        let pos = match globals.find_str(h, name) {
            Some(pos) => {
                globals.set_value_at(pos, v);
                pos
            }
            None => {
                globals.insert_new(h, Value::Str(name.clone()), v);
                globals.positions() - 1
            }
        };
        code.global_cache[i].set(GlobalCache {
            globals_version: globals.keys_version(),
            globals_pos: pos as u32,
            ..GlobalCache::default()
        });
    }

    pub(crate) fn delete_global(
        &mut self,
        code: &Code,
        func: &Rc<Function>,
        i: usize,
    ) -> PyResult<()> {
        let name = code.names[i].clone();
        match self.dict_remove(&func.globals, &Value::Str(name.clone()))? {
            Some(_) => Ok(()),
            None => Err(self.name_error(name.as_str())),
        }
    }

    /// `LoadName`: the frame's namespace, then globals, then builtins.
    pub(crate) fn load_name(
        &mut self,
        code: &Code,
        func: &Rc<Function>,
        i: usize,
    ) -> PyResult<Value> {
        let name = code.names[i].clone();
        if let Some(ns) = self.frames.last().and_then(|f| f.namespace.clone()) {
            if let Some(v) = self.dict_get_str(&ns, &name)? {
                return Ok(v);
            }
        }
        self.load_global(code, func, i)
    }

    pub(crate) fn store_name(
        &mut self,
        code: &Code,
        func: &Rc<Function>,
        i: usize,
        v: Value,
    ) -> PyResult<()> {
        let name = code.names[i].clone();
        match self.frames.last().and_then(|f| f.namespace.clone()) {
            Some(ns) => {
                self.dict_set_str(&ns, name, v);
                Ok(())
            }
            None => {
                self.store_global(code, func, i, v);
                Ok(())
            }
        }
    }

    pub(crate) fn delete_name(
        &mut self,
        code: &Code,
        func: &Rc<Function>,
        i: usize,
    ) -> PyResult<()> {
        let name = code.names[i].clone();
        match self.frames.last().and_then(|f| f.namespace.clone()) {
            Some(ns) => match self.dict_remove(&ns, &Value::Str(name.clone()))? {
                Some(_) => Ok(()),
                None => Err(self.name_error(name.as_str())),
            },
            None => self.delete_global(code, func, i),
        }
    }
}

pub fn name_error(name: &str) -> PyErr {
    PyErr::new(ExcKind::NameError, format!("name '{name}' is not defined"))
}
