"""tools/web/build.py without the network: hashes are checked, PyYAML's pure package is cut from its sdist, and a
folder the build did not make is never overwritten."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

import pytest

from tools.web import build


def test_a_download_is_kept_only_when_its_pinned_hash_matches():
    assert build._matches(b"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    assert not build._matches(b"abd", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    sha512 = "sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw=="
    assert build._matches(b"abc", sha512) and not build._matches(b"ab", sha512)


def test_pyyaml_s_pure_python_package_is_cut_from_its_sdist(tmp_path):
    sdist = tmp_path / "pyyaml-6.0.4.tar.gz"
    with tarfile.open(sdist, "w:gz") as archive:
        for name, text in (("pyyaml-6.0.4/lib/yaml/__init__.py", b"__version__ = '6.0.4'\n"),
                           ("pyyaml-6.0.4/lib/_yaml/__init__.py", b""), ("pyyaml-6.0.4/setup.py", b"")):
            member = tarfile.TarInfo(name)
            member.size = len(text)
            archive.addfile(member, io.BytesIO(text))
    with zipfile.ZipFile(io.BytesIO(build.pure_yaml(sdist))) as cut:
        assert sorted(cut.namelist()) == ["PyYAML-6.0.4.dist-info/METADATA", "yaml/__init__.py"]
        assert cut.read("yaml/__init__.py") == b"__version__ = '6.0.4'\n"


def test_a_folder_the_build_did_not_make_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(SystemExit, match="not a page this command built"):
        build.build(tmp_path, tmp_path, tmp_path / "cache")
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_every_pinned_package_and_example_is_named_once():
    assert len({package.name for package in build.PACKAGES}) == len(build.PACKAGES)
    assert all((Path(__file__).resolve().parent.parent / path).is_file() for _, path in build.SEEDS)
