"""Build the browser page: a static folder that runs convcalc in Pyodide, with nothing fetched from elsewhere.

Everything comes from packages, pinned with their hashes below: Pyodide and the DejaVu Sans Mono font from the npm
registry, click and rich (with rich's dependencies) as wheels from PyPI, PyYAML's pure-Python loader from its
sdist (PyYAML publishes no pure wheel; without its C extension it reads YAML in Python), and convcalc's own wheel
built from this checkout. Downloads are checked against their hashes and kept in a cache folder, so a second build
is offline. The page's own files are web/ (index.html, app.js, style.css) and the examples in web/seeds/.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import zipfile
from pathlib import Path
from typing import NamedTuple

PYODIDE_VERSION = "0.29.5"  # Python 3.13, the newest CPython convcalc's CI tests


class Package(NamedTuple):
    registry: str  # npm or pypi
    name: str
    file: str  # the npm version, or PyPI's file name
    digest: str  # npm's sha512 integrity, or PyPI's sha256


PACKAGES = (
    Package("npm", "pyodide", PYODIDE_VERSION,
            "sha512-TkYrUv9m8QmfImADKRmpwZulL48E0uUaBSO+dvRQKyAJc0qh9gu7jn8btyHPh3NZm1r2IH2YrJhIr7Q2B9urAw=="),
    Package("npm", "dejavu-fonts-ttf", "2.37.3",
            "sha512-f1hd7jJbeQa1VWcw+K2KrTXS50zTMaHpVC4XIKJpNcDeYR5ajMtj/iLlQDYNvLOKamUB3ARVVCf79lNwNVztSQ=="),
    Package("pypi", "click", "click-8.5.1-py3-none-any.whl",
            "8bb5376d2006950386f8c6427613334a2acadc5f559cb80e638d00b4df957e37"),
    Package("pypi", "rich", "rich-15.0.0-py3-none-any.whl",
            "33bd4ef74232fb73fe9279a257718407f169c09b78a87ad3d296f548e27de0bb"),
    Package("pypi", "markdown-it-py", "markdown_it_py-4.3.0-py3-none-any.whl",
            "7aa1511a46c39138de78d9eba92ce47e63124d8003fc98b3a351909e04239efa"),
    Package("pypi", "mdurl", "mdurl-0.1.2-py3-none-any.whl",
            "84008a41e51615a49fc9966191ff91509e3c40b939176e643fd50a5c2196b8f8"),
    Package("pypi", "pygments", "pygments-2.21.0-py3-none-any.whl",
            "2363c69b61c4a97c838da3b130dcd6468f4848992b21a82f2a63ec34377137d9"),
    Package("pypi", "pyyaml", "pyyaml-6.0.4.tar.gz",
            "e24bf71af8a432d7808fabff134d38dfe16d3cbb41f2873bb4b1e42422de0a1a"),
)
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
FONT_FILES = {"ttf/DejaVuSansMono.ttf": "DejaVuSansMono.ttf", "LICENSE": "DejaVu-LICENSE.txt"}
PAGE_FILES = ("index.html", "app.js", "style.css")
# The examples the page offers: (title, file in this checkout). The page shows what `convcalc summary FILE` prints.
SEEDS = (
    ("Keras lesson (Python)", "web/seeds/mnist_lesson.py"),
    ("PyTorch lesson (Python)", "web/seeds/lenet_lesson.py"),
    ("YAML spec: Fashion-MNIST", "specs/fashion_mnist.yaml"),
    ("ResNet50 (Keras code)", "web/seeds/resnet50.py"),
)


def build(root: Path, out: Path, cache: Path) -> None:
    """Write the site to `out` (a folder this command made before, or a new one)."""
    if out.exists() and any(out.iterdir()) and not (out / "manifest.json").is_file():
        raise SystemExit(f"{out} is not empty and is not a page this command built: give another --out")
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        staging = Path(scratch) / "site"
        for folder in ("pyodide", "packages", "fonts", "seeds"):
            (staging / folder).mkdir(parents=True)
        files = {package.name: fetch(package, cache) for package in PACKAGES}
        _extract(files["pyodide"], {name: f"pyodide/{name}" for name in PYODIDE_FILES}, staging)
        _extract(files["dejavu-fonts-ttf"], {name: f"fonts/{target}" for name, target in FONT_FILES.items()},
                 staging)
        archives = []
        for package in PACKAGES:
            if package.file.endswith(".whl"):
                shutil.copy(files[package.name], staging / "packages" / package.file)
                archives.append({"path": f"packages/{package.file}", "format": "wheel"})
        yaml_zip = staging / "packages" / "pyyaml-6.0.4-pure.zip"
        yaml_zip.write_bytes(pure_yaml(files["pyyaml"]))
        archives.append({"path": f"packages/{yaml_zip.name}", "format": "zip"})
        wheel = convcalc_wheel(root, Path(scratch))
        shutil.copy(wheel, staging / "packages" / wheel.name)
        archives.append({"path": f"packages/{wheel.name}", "format": "wheel"})
        seeds = []
        for title, path in SEEDS:
            shutil.copy(root / path, staging / "seeds" / Path(path).name)
            seeds.append({"title": title, "file": f"seeds/{Path(path).name}"})
        for name in PAGE_FILES:
            shutil.copy(root / "web" / name, staging / name)
        manifest = {"pyodide": PYODIDE_VERSION, "convcalc": wheel.name.split("-")[1], "archives": archives,
                    "seeds": seeds}
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staging, out)
    size = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    print(f"built {out} ({size / 1e6:.1f} MB); serve it with `python -m tools.web serve`")


def fetch(package: Package, cache: Path) -> Path:
    """The package's file from the cache, else downloaded from its registry; refused unless its hash matches."""
    name = f"{package.name}-{package.file}.tgz" if package.registry == "npm" else package.file
    path = cache / name
    if not path.is_file() or not _matches(path.read_bytes(), package.digest):
        data = urllib.request.urlopen(_address(package), timeout=120).read()
        if not _matches(data, package.digest):
            raise SystemExit(f"{package.registry} {package.name} {package.file}: the download's hash is not the "
                             f"pinned {package.digest}")
        path.write_bytes(data)
        print(f"downloaded {package.registry}: {name} ({len(data) / 1e6:.1f} MB)", flush=True)
    return path


def _address(package: Package) -> str:
    if package.registry == "npm":
        return f"https://registry.npmjs.org/{package.name}/-/{package.name}-{package.file}.tgz"
    request = urllib.request.Request(f"https://pypi.org/simple/{package.name}/",
                                     headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    listing = json.load(urllib.request.urlopen(request, timeout=120))
    return next(str(entry["url"]) for entry in listing["files"] if entry["filename"] == package.file)


def _matches(data: bytes, digest: str) -> bool:
    if digest.startswith("sha512-"):
        return base64.b64encode(hashlib.sha512(data).digest()).decode() == digest.removeprefix("sha512-")
    return hashlib.sha256(data).hexdigest() == digest


def _extract(tarball: Path, wanted: dict[str, str], staging: Path) -> None:
    """npm's tarball members under package/ to their places in the site."""
    with tarfile.open(tarball) as archive:
        for member, target in wanted.items():
            source = archive.extractfile(f"package/{member}")
            if source is None:
                raise SystemExit(f"{tarball.name} has no file package/{member}")
            (staging / target).write_bytes(source.read())


def pure_yaml(sdist: Path) -> bytes:
    """PyYAML's pure-Python package (lib/yaml/ of its sdist) and its metadata, as a zip for site-packages."""
    buffer = io.BytesIO()
    with tarfile.open(sdist) as archive, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        top = sdist.name.removesuffix(".tar.gz")
        for member in archive.getmembers():
            inside = member.name.removeprefix(f"{top}/lib/")
            if member.isfile() and inside != member.name and inside.startswith("yaml/"):
                source = archive.extractfile(member)
                assert source is not None  # a regular file's member
                target.writestr(inside, source.read())
        version = top.split("-")[1]
        target.writestr(f"PyYAML-{version}.dist-info/METADATA",
                        f"Metadata-Version: 2.1\nName: PyYAML\nVersion: {version}\n")
    return buffer.getvalue()


def convcalc_wheel(root: Path, scratch: Path) -> Path:
    """convcalc's wheel, built from the checkout as pip builds it."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(scratch),
                    str(root)], check=True)
    return next(scratch.glob("convcalc-*.whl"))
