//! `time`: clocks and `sleep` (which releases the GIL).

use super::add_functions;
use crate::objects::exception::value_error;
use crate::objects::{Args, Value};
use crate::vm::{PyResult, Vm};
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub fn make(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("time", None);
    add_functions(
        vm,
        &m,
        &[
            ("time", time),
            ("time_ns", time_ns),
            ("perf_counter", perf_counter),
            ("perf_counter_ns", perf_counter_ns),
            ("monotonic", perf_counter),
            ("monotonic_ns", perf_counter_ns),
            ("process_time", process_time),
            ("thread_time", process_time),
            ("sleep", sleep),
        ],
    );
    Ok(m)
}

fn epoch() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

fn start() -> Instant {
    static START: OnceLock<Instant> = OnceLock::new();
    *START.get_or_init(Instant::now)
}

fn time(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Float(epoch().as_secs_f64()))
}

fn time_ns(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::from(epoch().as_nanos() as usize))
}

fn perf_counter(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Float(start().elapsed().as_secs_f64()))
}

fn perf_counter_ns(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::from(start().elapsed().as_nanos() as usize))
}

fn process_time(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Float(
        crate::unsafety::process_cpu_time().as_secs_f64(),
    ))
}

/// `time.sleep(secs)`: without the GIL, and (on the main thread) waking
/// every few milliseconds to let Ctrl-C through.
fn sleep(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("sleep", 1, 1)?;
    let secs = vm.arg_f64(&a[0])?;
    if secs.is_nan() {
        return Err(value_error("Invalid value NaN (not a number)"));
    }
    if secs < 0.0 {
        return Err(value_error("sleep length must be non-negative"));
    }
    let total = Duration::try_from_secs_f64(secs)
        .map_err(|_| crate::objects::exception::overflow_error("sleep length is too large"))?;
    vm.block(Some(total), |d| {
        std::thread::sleep(d);
        None::<()>
    })?;
    Ok(Value::None)
}
