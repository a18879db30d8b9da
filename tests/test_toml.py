"""termshift._toml: reading a TOML input file -- every way it can fail is one line naming the file and the fix."""

import pytest

from termshift._toml import MAX_TOML_BYTES, read_toml
from termshift.errors import TermsError


def test_reads_utf8_with_or_without_bom(tmp_path):
    path = tmp_path / "t.toml"
    path.write_bytes("\ufeff[a]\nlabel = \"反撃\"\n".encode())
    assert read_toml(path, TermsError) == {"a": {"label": "反撃"}}


@pytest.mark.parametrize("setup,message", [
    (lambda p: None, "cannot be read (No such file or directory); check the path"),
    (lambda p: p.mkdir(), "is a folder, not a TOML file; give the path of a .toml file"),
    (lambda p: p.write_bytes(b"[a\n"), "not valid TOML ("),
    (lambda p: p.write_bytes(b"a = \"\xff\"\n"), "not valid TOML ("),
    (lambda p: p.write_bytes(b"#" * (MAX_TOML_BYTES + 1)), "more than the 16 MB a TOML input file may hold"),
])
def test_every_failure_is_one_line_naming_the_file(tmp_path, setup, message):
    path = tmp_path / "terms.toml"
    setup(path)
    with pytest.raises(TermsError) as caught:
        read_toml(path, TermsError)
    line = str(caught.value)
    assert "\n" not in line and line.startswith(f"{path}: ") and message in line
