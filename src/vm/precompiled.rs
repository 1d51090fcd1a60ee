//! Compiled modules a parent hands to its multiprocessing children.
//!
//! A child interpreter must import what its parent imported (`threading`,
//! the `multiprocessing` package, the parent's main script), and compiling
//! that source is most of a child's start-up: about 20,000 instructions a
//! line, against well under a tenth of that to rebuild the same code from
//! its serialized form. So the parent records the code of every library
//! module and of the main script as it loads them, serializes the lot once,
//! and sends it with each child's start-up data; the child uses a module's
//! code only if the source it would have compiled is the very text the
//! parent compiled (same hash), and compiles anything else as usual.

use super::{PyResult, Vm};
use crate::objects::{CodeRef, Value};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::rc::Rc;

/// The module name the main script is recorded under.
pub const MAIN: &str = "__main__";

#[derive(Default)]
pub struct Precompiled {
    /// Modules compiled here, in load order: (name, file name, source hash,
    /// code).
    loaded: Vec<(String, String, u64, CodeRef)>,
    /// The serialized table, and how many entries of `loaded` it holds.
    encoded: Option<(usize, Rc<[u8]>)>,
    /// In a child: code from the parent, by module name, until imported.
    inherited: HashMap<String, CodeRef>,
}

/// Identifies a source text (the same in parent and child: the hasher's
/// keys are fixed).
pub fn source_hash(source: &str) -> u64 {
    let mut h = DefaultHasher::new();
    source.hash(&mut h);
    h.finish()
}

/// The source a child would compile for module `name`: the library's text,
/// or for the main script the file at `main_path`.
fn current_source(name: &str, main_path: &str) -> Option<Rc<str>> {
    if name == MAIN {
        let bytes = std::fs::read(main_path).ok()?;
        return crate::compiler::decode_source(&bytes, main_path)
            .ok()
            .map(|s| Rc::from(s.as_str()));
    }
    crate::stdlib::source(name).map(Rc::from)
}

impl Vm {
    /// Remembers the code of a module just compiled from `source`.
    pub fn record_compiled(&self, name: &str, source: &str, code: &CodeRef) {
        let mut p = self.interp.precompiled.borrow_mut(self.gil());
        p.loaded.push((
            name.to_string(),
            code.filename.to_string(),
            source_hash(source),
            code.clone(),
        ));
    }

    /// The table to send to a child: `(name, filename, hash)` triples, then
    /// the code objects, each a serialized payload behind its u64 length.
    pub fn precompiled_for_child(&mut self) -> PyResult<Rc<[u8]>> {
        let (n, entries) = {
            let p = self.interp.precompiled.borrow(self.gil());
            if let Some((n, data)) = &p.encoded {
                if *n == p.loaded.len() {
                    return Ok(data.clone());
                }
            }
            (p.loaded.len(), p.loaded.clone())
        };
        let header = Value::tuple(
            entries
                .iter()
                .map(|(name, file, hash, _)| {
                    Value::tuple(vec![
                        Value::str(name.as_str()),
                        Value::str(file.as_str()),
                        Value::str(format!("{hash:016x}")),
                    ])
                })
                .collect(),
        );
        let codes = Value::tuple(
            entries
                .iter()
                .map(|(.., code)| Value::Code(code.clone()))
                .collect(),
        );
        let mut out = Vec::new();
        for v in [header, codes] {
            let bytes = crate::serial::dumps(self, &v)?;
            out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            out.extend_from_slice(&bytes);
        }
        let data: Rc<[u8]> = Rc::from(out);
        self.interp.precompiled.borrow_mut(self.gil()).encoded = Some((n, data.clone()));
        Ok(data)
    }

    /// In a child: takes in the parent's table (see `precompiled_for_child`).
    /// Entries whose source differs from what this process would compile
    /// are dropped; a damaged table is ignored as a whole.
    pub fn adopt_precompiled(&mut self, data: &[u8], main_path: &str) {
        let Some((header, rest)) = split_payload(data) else {
            return;
        };
        let Some((codes, _)) = split_payload(rest) else {
            return;
        };
        let Ok(Value::Tuple(header)) = crate::serial::loads(self, header) else {
            return;
        };
        let mut wanted = Vec::new();
        let mut sources = Vec::new();
        for entry in header.items.iter() {
            let Value::Tuple(t) = entry else { return };
            let [Value::Str(name), Value::Str(file), Value::Str(hash)] = &t.items[..] else {
                return;
            };
            let source = current_source(name.as_str(), main_path);
            let same = source
                .as_ref()
                .is_some_and(|s| format!("{:016x}", source_hash(s)) == hash.as_str());
            wanted.push(same.then(|| name.as_str().to_string()));
            if same {
                sources.push((Rc::from(file.as_str()), source));
            }
        }
        let Ok(Value::Tuple(codes)) = crate::serial::loads_with_sources(self, codes, sources)
        else {
            return;
        };
        let mut p = self.interp.precompiled.borrow_mut(self.gil());
        for (name, code) in wanted.into_iter().zip(codes.items.iter()) {
            if let (Some(name), Value::Code(code)) = (name, code) {
                p.inherited.insert(name, code.clone());
            }
        }
    }

    /// The parent's code for module `name`, if it sent one.
    pub fn take_precompiled(&self, name: &str) -> Option<CodeRef> {
        self.interp
            .precompiled
            .borrow_mut(self.gil())
            .inherited
            .remove(name)
    }
}

/// The payload at the front of `data` (behind its u64 length) and the rest.
fn split_payload(data: &[u8]) -> Option<(&[u8], &[u8])> {
    let len = u64::from_le_bytes(data.get(..8)?.try_into().ok()?);
    let end = 8usize.checked_add(usize::try_from(len).ok()?)?;
    Some((data.get(8..end)?, data.get(end..)?))
}
