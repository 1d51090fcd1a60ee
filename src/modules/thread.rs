//! `_thread`: the native layer under `threading`: OS threads that contend
//! for the GIL, locks, and thread-local storage.
//!
//! Locks are real OS-level locks (a mutex-protected flag and a condition
//! variable), independent of the GIL: a thread blocked on one has released
//! the GIL, and any thread may release a `Lock` (Python allows that).

use super::builtins::types::{Builder, Spec};
use super::{add_functions, set_attr};
use crate::gil::{GilCell, GilGuard};
use crate::objects::exception::{runtime_error, type_error, value_error, PyErr};
use crate::objects::{Args, Class, DictObj, ExcKind, Instance, NativeFn, Value};
use crate::unsafety::SendBox;
use crate::vm::{PyResult, ThreadState, Vm};
use parking_lot::{Condvar, Mutex};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Stack size of threads started by mini programs.
pub const THREAD_STACK: usize = 32 << 20;

/// Threads started and not yet finished (`_thread._count()`).
static RUNNING: AtomicUsize = AtomicUsize::new(0);

// ----- the lock

/// A binary lock any thread may release.
#[derive(Default)]
pub struct LockCore {
    locked: Mutex<bool>,
    cond: Condvar,
}

impl LockCore {
    pub fn try_acquire(&self) -> bool {
        let mut l = self.locked.lock();
        if *l {
            return false;
        }
        *l = true;
        true
    }

    /// Waits up to `d` for the lock; true if acquired.
    pub fn acquire_for(&self, d: Duration) -> bool {
        let mut l = self.locked.lock();
        if *l {
            let deadline = std::time::Instant::now() + d;
            while *l {
                if self.cond.wait_until(&mut l, deadline).timed_out() {
                    break;
                }
            }
        }
        if *l {
            return false;
        }
        *l = true;
        true
    }

    /// Releases; false if it was not locked.
    pub fn release(&self) -> bool {
        let mut l = self.locked.lock();
        if !*l {
            return false;
        }
        *l = false;
        drop(l);
        self.cond.notify_one();
        true
    }

    pub fn is_locked(&self) -> bool {
        *self.locked.lock()
    }
}

/// The longest timeout a lock wait takes, in seconds (`threading.TIMEOUT_MAX`).
pub const TIMEOUT_MAX: f64 = 9223372036.0;

/// A timeout in seconds as CPython converts one: a float or an int that
/// fits in nanoseconds.
fn timeout_secs(vm: &Vm, t: &Value) -> PyResult<f64> {
    let too_large = || {
        crate::objects::exception::overflow_error("timestamp too large to convert to C _PyTime_t")
    };
    match t.unwrap_base() {
        Value::Float(f) => {
            if f.is_nan() {
                return Err(value_error("Invalid value NaN (not a number)"));
            }
            if f.abs() * 1e9 >= 9.223_372_036_854_776e18 {
                return Err(too_large());
            }
            Ok(*f)
        }
        Value::Int(i) => {
            if i.unsigned_abs() > 9_223_372_036 {
                return Err(too_large());
            }
            Ok(*i as f64)
        }
        Value::Bool(b) => Ok(*b as i64 as f64),
        Value::BigInt(_) => Err(too_large()),
        _ => Err(type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            vm.type_name(t)
        ))),
    }
}

/// Parses `acquire(blocking=True, timeout=-1)` into an optional timeout
/// (None: wait forever; Some(0): do not wait).
fn acquire_args(vm: &mut Vm, args: Args, fname: &str) -> PyResult<(Value, Option<Duration>)> {
    let [this, blocking, timeout] = args.bind(fname, ["self", "blocking", "timeout"], 1)?;
    let blocking = match blocking {
        Some(b) => vm.truthy(&b)?,
        None => true,
    };
    let timeout = match timeout {
        Some(t) => timeout_secs(vm, &t)?,
        None => -1.0,
    };
    if !blocking && timeout != -1.0 {
        return Err(value_error(
            "can't specify a timeout for a non-blocking call",
        ));
    }
    if timeout < 0.0 && timeout != -1.0 {
        return Err(value_error("timeout value must be positive"));
    }
    if timeout > TIMEOUT_MAX {
        return Err(crate::objects::exception::overflow_error(
            "timeout value is too large",
        ));
    }
    let t =
        if !blocking {
            Some(Duration::ZERO)
        } else if timeout == -1.0 {
            None
        } else {
            Some(Duration::try_from_secs_f64(timeout).map_err(|_| {
                crate::objects::exception::overflow_error("timeout value is too large")
            })?)
        };
    Ok((this.unwrap_or(Value::None), t))
}

/// Acquires a lock core, blocking without the GIL (interruptibly).
pub fn acquire_core(
    vm: &mut Vm,
    core: &Arc<LockCore>,
    timeout: Option<Duration>,
) -> PyResult<bool> {
    if core.try_acquire() {
        return Ok(true);
    }
    if timeout == Some(Duration::ZERO) {
        return Ok(false);
    }
    let c = core.clone();
    let r = vm.block(timeout, move |slice| c.acquire_for(slice).then_some(()))?;
    Ok(r.is_some())
}

fn lock_of(vm: &Vm, v: &Value) -> PyResult<Arc<LockCore>> {
    match v {
        Value::Instance(i) => match i.payload::<Arc<LockCore>>() {
            Some(c) => Ok(c.clone()),
            None => Err(type_error(format!(
                "expected a lock, got '{}'",
                vm.type_name(v)
            ))),
        },
        _ => Err(type_error(format!(
            "expected a lock, got '{}'",
            vm.type_name(v)
        ))),
    }
}

const LOCK: Spec = Spec {
    new: Some(lock_new),
    methods: &[
        ("acquire", lock_acquire),
        ("acquire_lock", lock_acquire),
        ("release", lock_release),
        ("release_lock", lock_release),
        ("locked", lock_locked),
        ("locked_lock", lock_locked),
        ("__enter__", lock_acquire),
        ("__exit__", lock_exit),
        ("__repr__", lock_repr),
        ("_at_fork_reinit", lock_noop),
    ],
    ..Spec::new("lock")
};

fn lock_new(_vm: &mut Vm, cls: &Rc<Class>, _args: Args) -> PyResult<Value> {
    Ok(Value::Instance(Instance::with_payload(
        cls.clone(),
        Box::new(Arc::new(LockCore::default())),
    )))
}

fn lock_acquire(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, timeout) = acquire_args(vm, args, "acquire")?;
    let core = lock_of(vm, &this)?;
    Ok(Value::Bool(acquire_core(vm, &core, timeout)?))
}

fn lock_release(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("release", 0, 0)?;
    if !lock_of(vm, &this)?.release() {
        return Err(runtime_error("release unlocked lock"));
    }
    Ok(Value::None)
}

fn lock_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    if !lock_of(vm, &this)?.release() {
        return Err(runtime_error("release unlocked lock"));
    }
    Ok(Value::None)
}

fn lock_locked(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("locked", 0, 0)?;
    Ok(Value::Bool(lock_of(vm, &this)?.is_locked()))
}

fn lock_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("__repr__", 0, 0)?;
    let state = if lock_of(vm, &this)?.is_locked() {
        "locked"
    } else {
        "unlocked"
    };
    Ok(Value::str(format!(
        "<{state} _thread.lock object at {}>",
        crate::vm::repr::addr(&this)
    )))
}

fn lock_noop(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::None)
}

// ----- the reentrant lock

/// Owner thread ident (0: free) and recursion count.
#[derive(Default)]
pub struct RLockCore {
    state: Mutex<(u64, u64)>,
    cond: Condvar,
}

impl RLockCore {
    fn try_acquire(&self, me: u64) -> bool {
        let mut s = self.state.lock();
        if s.0 == me {
            s.1 += 1;
            return true;
        }
        if s.0 == 0 {
            *s = (me, 1);
            return true;
        }
        false
    }

    fn acquire_for(&self, me: u64, count: u64, d: Duration) -> bool {
        let mut s = self.state.lock();
        let deadline = std::time::Instant::now() + d;
        while s.0 != 0 && s.0 != me {
            if self.cond.wait_until(&mut s, deadline).timed_out() {
                break;
            }
        }
        if s.0 == 0 {
            *s = (me, count);
            return true;
        }
        false
    }
}

fn rlock_of(vm: &Vm, v: &Value) -> PyResult<Arc<RLockCore>> {
    match v {
        Value::Instance(i) => match i.payload::<Arc<RLockCore>>() {
            Some(c) => Ok(c.clone()),
            None => Err(type_error(format!(
                "expected an RLock, got '{}'",
                vm.type_name(v)
            ))),
        },
        _ => Err(type_error(format!(
            "expected an RLock, got '{}'",
            vm.type_name(v)
        ))),
    }
}

const RLOCK: Spec = Spec {
    new: Some(rlock_new),
    methods: &[
        ("acquire", rlock_acquire),
        ("release", rlock_release),
        ("__enter__", rlock_acquire),
        ("__exit__", rlock_exit),
        ("_is_owned", rlock_is_owned),
        ("_release_save", rlock_release_save),
        ("_acquire_restore", rlock_acquire_restore),
        ("__repr__", rlock_repr),
    ],
    ..Spec::new("RLock")
};

fn rlock_new(_vm: &mut Vm, cls: &Rc<Class>, _args: Args) -> PyResult<Value> {
    Ok(Value::Instance(Instance::with_payload(
        cls.clone(),
        Box::new(Arc::new(RLockCore::default())),
    )))
}

fn rlock_acquire_count(
    vm: &mut Vm,
    core: &Arc<RLockCore>,
    count: u64,
    timeout: Option<Duration>,
) -> PyResult<bool> {
    let me = vm.thread.ident;
    if count == 1 && core.try_acquire(me) {
        return Ok(true);
    }
    if timeout == Some(Duration::ZERO) {
        return Ok(core.acquire_for(me, count, Duration::ZERO));
    }
    let c = core.clone();
    let r = vm.block(timeout, move |slice| {
        c.acquire_for(me, count, slice).then_some(())
    })?;
    Ok(r.is_some())
}

fn rlock_acquire(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, timeout) = acquire_args(vm, args, "acquire")?;
    let core = rlock_of(vm, &this)?;
    Ok(Value::Bool(rlock_acquire_count(vm, &core, 1, timeout)?))
}

fn rlock_release_core(vm: &Vm, core: &RLockCore) -> PyResult<()> {
    let mut s = core.state.lock();
    if s.0 != vm.thread.ident || s.1 == 0 {
        return Err(runtime_error("cannot release un-acquired lock"));
    }
    s.1 -= 1;
    if s.1 == 0 {
        s.0 = 0;
        drop(s);
        core.cond.notify_one();
    }
    Ok(())
}

fn rlock_release(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("release", 0, 0)?;
    let core = rlock_of(vm, &this)?;
    rlock_release_core(vm, &core)?;
    Ok(Value::None)
}

fn rlock_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    let core = rlock_of(vm, &this)?;
    rlock_release_core(vm, &core)?;
    Ok(Value::None)
}

fn rlock_is_owned(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("_is_owned", 0, 0)?;
    let core = rlock_of(vm, &this)?;
    let owner = core.state.lock().0;
    Ok(Value::Bool(owner == vm.thread.ident))
}

/// For `Condition.wait`: release completely, returning the state to restore.
fn rlock_release_save(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("_release_save", 0, 0)?;
    let core = rlock_of(vm, &this)?;
    let mut s = core.state.lock();
    if s.1 == 0 {
        return Err(runtime_error("cannot release un-acquired lock"));
    }
    let saved = *s;
    *s = (0, 0);
    drop(s);
    core.cond.notify_one();
    Ok(Value::tuple(vec![
        Value::Int(saved.1 as i64),
        Value::Int(saved.0 as i64),
    ]))
}

fn rlock_acquire_restore(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, a) = args.method("_acquire_restore", 1, 1)?;
    let core = rlock_of(vm, &this)?;
    let count = match &a[0] {
        Value::Tuple(t) => match t.items.first() {
            Some(Value::Int(c)) => (*c).max(1) as u64,
            _ => 1,
        },
        _ => 1,
    };
    rlock_acquire_count(vm, &core, count, None)?;
    Ok(Value::None)
}

fn rlock_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("__repr__", 0, 0)?;
    let core = rlock_of(vm, &this)?;
    let (owner, count) = *core.state.lock();
    let state = if count > 0 { "locked" } else { "unlocked" };
    Ok(Value::str(format!(
        "<{state} _thread.RLock object owner={owner} count={count} at {}>",
        crate::vm::repr::addr(&this)
    )))
}

// ----- starting and joining threads

/// Set when a thread finishes; joiners wait on it.
#[derive(Default)]
pub struct ThreadHandle {
    done: Mutex<bool>,
    cond: Condvar,
    ids: Mutex<Option<(u64, u64)>>,
    ids_cond: Condvar,
}

impl ThreadHandle {
    fn finish(&self) {
        *self.done.lock() = true;
        self.cond.notify_all();
    }

    fn wait_for(&self, d: Duration) -> bool {
        let mut done = self.done.lock();
        if !*done {
            let _ = self.cond.wait_for(&mut done, d);
        }
        *done
    }

    fn ids(&self) -> (u64, u64) {
        let mut ids = self.ids.lock();
        while ids.is_none() {
            self.ids_cond.wait(&mut ids);
        }
        ids.unwrap_or((0, 0))
    }
}

const HANDLE: Spec = Spec {
    methods: &[("join", handle_join), ("is_done", handle_is_done)],
    getters: &[("ident", handle_ident), ("native_id", handle_native_id)],
    ..Spec::new("_ThreadHandle")
};

fn handle_of(v: &Value) -> PyResult<Arc<ThreadHandle>> {
    match v {
        Value::Instance(i) => i
            .payload::<Arc<ThreadHandle>>()
            .cloned()
            .ok_or_else(|| type_error("expected a thread handle")),
        _ => Err(type_error("expected a thread handle")),
    }
}

/// `handle.join(timeout=None)`: true once the thread has finished.
fn handle_join(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, a) = args.method("join", 0, 1)?;
    let h = handle_of(&this)?;
    let timeout = match a.first() {
        None | Some(Value::None) => None,
        Some(t) => {
            Some(Duration::try_from_secs_f64(vm.arg_f64(t)?.max(0.0)).unwrap_or(Duration::MAX))
        }
    };
    if *h.done.lock() {
        return Ok(Value::Bool(true));
    }
    if timeout == Some(Duration::ZERO) {
        return Ok(Value::Bool(false));
    }
    let h2 = h.clone();
    let r = vm.block(timeout, move |slice| h2.wait_for(slice).then_some(()))?;
    Ok(Value::Bool(r.is_some()))
}

fn handle_is_done(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("is_done", 0, 0)?;
    let done = *handle_of(&this)?.done.lock();
    Ok(Value::Bool(done))
}

fn handle_ident(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let h = handle_of(&args.pos[0])?;
    let (ident, _) = vm.gil.allow_threads(move || h.ids());
    Ok(Value::from(ident as usize))
}

fn handle_native_id(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let h = handle_of(&args.pos[0])?;
    let (_, native) = vm.gil.allow_threads(move || h.ids());
    Ok(Value::from(native as usize))
}

/// `_thread.start_joinable_thread(function, args=(), kwargs=None, name='')`:
/// starts an OS thread that takes the GIL and calls `function`.
fn start_joinable_thread(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [func, fargs, fkwargs, name] = args.bind(
        "start_joinable_thread",
        ["function", "args", "kwargs", "name"],
        1,
    )?;
    let func = func.unwrap_or(Value::None);
    let fargs = match fargs {
        Some(a) => vm.collect(&a)?,
        None => Vec::new(),
    };
    let mut kw = Vec::new();
    if let Some(Value::Dict(d)) = fkwargs {
        for e in d.table.borrow(vm.gil()).iter() {
            if let Value::Str(k) = &e.key {
                kw.push((k.clone(), e.value.clone()));
            }
        }
    }
    let name = match name {
        Some(Value::Str(s)) => s.as_str().to_string(),
        _ => "thread".to_string(),
    };
    let handle = Arc::new(ThreadHandle::default());
    let cls = handle_class(vm);
    let handle_value = Value::Instance(Instance::with_payload(cls, Box::new(handle.clone())));
    spawn(vm, func, fargs, kw, name, handle)?;
    Ok(handle_value)
}

/// `_thread.start_new_thread(function, args, kwargs=None)`: returns the ident.
fn start_new_thread(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("start_new_thread", 2, 3)?;
    if !matches!(a[1], Value::Tuple(_)) {
        return Err(type_error("2nd arg must be a tuple"));
    }
    let mut new_args = Args::new([a[0].clone(), a[1].clone()]);
    if let Some(k) = a.get(2) {
        new_args.pos.push(k.clone());
    }
    let h = start_joinable_thread(vm, new_args)?;
    let ident = vm.intern("ident");
    vm.getattr(&h, &ident)
}

fn spawn(
    vm: &mut Vm,
    func: Value,
    fargs: Vec<Value>,
    kw: Vec<(Rc<crate::objects::StrObj>, Value)>,
    name: String,
    handle: Arc<ThreadHandle>,
) -> PyResult<()> {
    let gil = vm.interp.gil;
    let payload = SendBox::new(vm.gil(), (vm.interp.clone(), func, fargs, kw));
    RUNNING.fetch_add(1, Ordering::SeqCst);
    let spawned = super::os_threads::run(
        Box::new(move || {
            let ids = crate::unsafety::thread_ids();
            *handle.ids.lock() = Some(ids);
            handle.ids_cond.notify_all();
            let guard = GilGuard::acquire_named(gil, &name);
            let (interp, func, fargs, kw) = payload.open(guard.token());
            let mut vm = Vm::new(
                interp,
                guard,
                ThreadState {
                    ident: ids.0,
                    is_main: false,
                    locals: Vec::new(),
                },
                THREAD_STACK,
            );
            let r = vm.call(
                &func,
                Args {
                    pos: fargs.into_iter().collect(),
                    kw,
                },
            );
            // Everything the thread touched is dropped here, before `vm`
            // (and with it the GIL) goes: the result too.
            match r {
                Ok(result) => drop(result),
                Err(e) => report_unhandled(&mut vm, &func, e),
            }
            clear_locals(&mut vm);
            drop(func);
            drop(vm);
            RUNNING.fetch_sub(1, Ordering::SeqCst);
            handle.finish();
        }),
        THREAD_STACK,
    );
    if let Err(e) = spawned {
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        return Err(PyErr::new(
            ExcKind::RuntimeError,
            format!("can't start new thread ({e})"),
        ));
    }
    Ok(())
}

/// An exception that escaped a thread's function (threading catches its
/// own; this is for raw `_thread` threads).
fn report_unhandled(vm: &mut Vm, func: &Value, e: PyErr) {
    let exc = vm.exc_value(e);
    if vm.isinstance(&exc, &vm.exc_class(ExcKind::SystemExit)) {
        return;
    }
    let f = vm.repr(func).unwrap_or_default();
    let text = vm.format_exception(&exc);
    crate::stdio::stderr_write(&format!(
        "Exception ignored in thread started by: {f}\n{text}"
    ));
}

fn handle_class(vm: &mut Vm) -> Rc<Class> {
    thread_class(vm, "_ThreadHandle", &HANDLE)
}

/// The classes of this module, made once per interpreter.
fn thread_class(vm: &mut Vm, key: &str, spec: &Spec) -> Rc<Class> {
    let modules = vm.interp.modules.clone();
    let mname = vm.intern("_thread");
    if let Ok(Some(Value::Module(m))) = vm.dict_get_str(&modules, &mname) {
        let k = vm.intern(key);
        if let Ok(Some(Value::Class(c))) = vm.dict_get_str(&m.dict, &k) {
            return c;
        }
    }
    let g = vm.gil();
    let mut intern = |s: &str| vm.intern(s);
    let mut b = Builder {
        gil: g,
        intern: &mut intern,
    };
    b.class(spec, &[&vm.interp.types.object])
}

// ----- thread-local data

/// `threading.local`: one attribute dict per thread. A thread that first
/// touches the object gets a fresh dict, and a subclass's `__init__` runs
/// again for it with the arguments the object was made with.
#[derive(Default)]
pub struct LocalData {
    pub dicts: GilCell<HashMap<u64, Rc<DictObj>>>,
    pub init_args: GilCell<Option<Args>>,
}

const LOCAL: Spec = Spec {
    new: Some(local_new),
    subclassable: true,
    ..Spec::new("_local")
};

fn local_new(vm: &mut Vm, cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let init = vm.interp.names.__init__.clone();
    let own_init = !matches!(cls.lookup(vm.gil(), &init), Some(Value::Builtin(_)));
    if !args.is_empty() && !own_init {
        return Err(type_error("Initialization arguments are not supported"));
    }
    let data = LocalData::default();
    // The creating thread's dict is the one `__init__` fills now.
    data.dicts
        .borrow_mut(vm.gil())
        .insert(vm.thread.ident, DictObj::new());
    *data.init_args.borrow_mut(vm.gil()) = Some(Args {
        pos: args.pos,
        kw: args.kw,
    });
    let inst = Instance::with_payload(cls.clone(), Box::new(data));
    note_local(vm, &inst);
    Ok(Value::Instance(inst))
}

/// Remembers that this thread has a dict in `local` object `inst`.
fn note_local(vm: &mut Vm, inst: &Rc<Instance>) {
    let locals = &mut vm.thread.locals;
    if locals.len() >= 64 && locals.len().is_power_of_two() {
        locals.retain(|w| w.strong_count() > 0);
    }
    locals.push(Rc::downgrade(inst));
}

/// Drops the dicts an ending thread has in `local` objects.
fn clear_locals(vm: &mut Vm) {
    let me = vm.thread.ident;
    for w in std::mem::take(&mut vm.thread.locals) {
        if let Some(inst) = w.upgrade() {
            if let Some(data) = inst.payload::<LocalData>() {
                let d = data.dicts.borrow_mut(vm.gil()).remove(&me);
                drop(d);
            }
        }
    }
}

impl Vm {
    /// The attribute dict of an instance: its own, or for a `local`, the
    /// current thread's (made, and `__init__` run, on first use).
    pub fn instance_dict(&mut self, inst: &Rc<Instance>) -> PyResult<Rc<DictObj>> {
        let Some(data) = inst.payload::<LocalData>() else {
            return Ok(inst.dict.clone());
        };
        let me = self.thread.ident;
        if let Some(d) = data.dicts.borrow(self.gil()).get(&me) {
            return Ok(d.clone());
        }
        let d = DictObj::new();
        data.dicts.borrow_mut(self.gil()).insert(me, d.clone());
        note_local(self, inst);
        let init = self.interp.names.__init__.clone();
        if let Some(f @ Value::Function(_)) = inst.class.lookup(self.gil(), &init) {
            let args = match &*data.init_args.borrow(self.gil()) {
                Some(a) => Args {
                    pos: a.pos.clone(),
                    kw: a.kw.clone(),
                },
                None => Args::default(),
            };
            let obj = Value::Instance(inst.clone());
            let f = self.descr_get(f, &obj, &inst.class)?;
            self.call(&f, args)?;
        }
        Ok(d)
    }
}

// ----- the module

fn get_ident(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::from(vm.thread.ident as usize))
}

fn get_native_id(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::from(crate::unsafety::thread_ids().1 as usize))
}

fn count(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::from(RUNNING.load(Ordering::SeqCst)))
}

fn allocate_lock(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    let cls = thread_class(vm, "LockType", &LOCK);
    lock_new(vm, &cls, Args::default())
}

/// `_thread._set_name(name)`: the name shown in `--gil-stats`.
fn set_name(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("_set_name", 1, 1)?;
    let name = vm.str(&a[0])?;
    *vm.gil.thread().name.lock() = name;
    Ok(Value::None)
}

/// `_thread._format_exception(exc)`: the traceback text CPython would print.
fn format_exception(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("_format_exception", 1, 1)?;
    Ok(Value::str(vm.format_exception(&a[0])))
}

pub fn make(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_thread", None);
    let fns: &[(&'static str, NativeFn)] = &[
        ("start_new_thread", start_new_thread),
        ("start_joinable_thread", start_joinable_thread),
        ("get_ident", get_ident),
        ("get_native_id", get_native_id),
        ("_count", count),
        ("allocate_lock", allocate_lock),
        ("_set_name", set_name),
        ("_format_exception", format_exception),
    ];
    add_functions(vm, &m, fns);
    let g = vm.gil();
    let mut intern = |s: &str| vm.intern(s);
    let mut b = Builder {
        gil: g,
        intern: &mut intern,
    };
    let object = vm.interp.types.object.clone();
    let lock = b.class(&LOCK, &[&object]);
    let rlock = b.class(&RLOCK, &[&object]);
    let handle = b.class(&HANDLE, &[&object]);
    let local = b.class(&LOCAL, &[&object]);
    for c in [&lock, &rlock, &handle, &local] {
        vm.dict_set_str(&c.dict, vm.intern("__module__"), Value::str("_thread"));
    }
    set_attr(vm, &m, "LockType", Value::Class(lock.clone()));
    set_attr(vm, &m, "lock", Value::Class(lock));
    set_attr(vm, &m, "RLock", Value::Class(rlock));
    set_attr(vm, &m, "_ThreadHandle", Value::Class(handle));
    set_attr(vm, &m, "_local", Value::Class(local));
    set_attr(vm, &m, "TIMEOUT_MAX", Value::Float(TIMEOUT_MAX));
    set_attr(
        vm,
        &m,
        "error",
        Value::Class(vm.exc_class(ExcKind::RuntimeError)),
    );
    Ok(m)
}
