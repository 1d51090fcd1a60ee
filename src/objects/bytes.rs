//! `bytes`: an immutable byte string.

use std::rc::Rc;

pub struct BytesObj {
    pub data: Box<[u8]>,
}

impl BytesObj {
    pub fn new(data: Vec<u8>) -> Rc<BytesObj> {
        Rc::new(BytesObj {
            data: data.into_boxed_slice(),
        })
    }
}
