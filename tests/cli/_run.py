import subprocess
import sys
from pathlib import Path

STARCOACH = str(Path(sys.executable).parent / "starcoach")


def starcoach(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed command as a user would, capturing what it prints."""
    result = subprocess.run([STARCOACH, *args], input=stdin, capture_output=True, cwd=cwd, timeout=120, check=False)
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    )
