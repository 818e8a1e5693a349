"""expect_exit.py CODE CMD [ARGS...]: runs CMD with this process's output streams and
fails (exit 1) unless CMD exits with exactly CODE. lit's `not` accepts any failure;
the gate's exit codes (0, 1, 2, 3) each mean something, so the tests pin them."""
import subprocess
import sys

expected, command = int(sys.argv[1]), sys.argv[2:]
actual = subprocess.run(command, check=False).returncode
if actual != expected:
    sys.stderr.write(f"expect_exit: {command[0]} exited with {actual}, expected {expected}\n")
    sys.exit(1)
