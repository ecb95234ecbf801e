fn main() {
    std::process::exit(walklog::cli::main());
}
