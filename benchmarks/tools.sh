# Sourced by the benchmark scripts: installs, through apt-get, the peers and load generators a fresh machine
# lacks (saying so on stderr). The benchmarks compare against these programs, so a missing one is installed,
# not skipped.

# apt_install <debian package>
apt_install() {
  local sudo=()
  [[ $EUID -eq 0 ]] || sudo=(sudo -n)
  echo "[tools] installing $1 (apt-get install -y $1)" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get install -y -qq "$1" >&2 ||
    { "${sudo[@]}" apt-get update -qq >&2 && "${sudo[@]}" apt-get install -y -qq "$1" >&2; }
}

# require_command <command> <debian package>
require_command() {
  command -v "$1" >/dev/null || apt_install "$2"
}

# require_python_module <module> <debian package>: for the system interpreter, /usr/bin/python3.
require_python_module() {
  /usr/bin/python3 -c "import $1" 2>/dev/null || apt_install "$2"
}
