"""The README's example runs and prints exactly the source the README shows."""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_readme_example_output_is_what_the_readme_shows(tmp_path):
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    example, shown = blocks[0], blocks[1]
    script = tmp_path / "readme_example.py"
    script.write_text(example.replace("f(np.ones(3))", "print(f(np.ones(3)))"))
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=ROOT,
                         env=dict(os.environ, PYTHONPATH=ROOT))
    assert out.returncode == 0, out.stderr
    first, _, rest = out.stdout.partition("\n")
    assert first == "[1.1815685 1.1815685 1.1815685]"
    assert rest == shown + "\n"     # print() adds a newline after the source's own
