fn main() {
    println!("mini: not yet");
}
