#!/usr/bin/env python3
"""Fails when the Dockerfile's runtime stage would not hold a shared library a shipped binary needs.

The image is not built in CI (no Docker engine), so this checks what can be checked here: every
library the binaries link directly (ELF NEEDED) belongs to a Debian package that the runtime
stage installs, or that one of those packages depends on (recursively), or that debian:bookworm-slim
has anyway (priority required). A package dropped from the runtime stage, or a new library linked
without adding its package, fails this test with the library and the package to add.

usage: check_runtime_libs.py [--self-test] DOCKERFILE BINARY...
--self-test: the same check on a copy of the Dockerfile without libsodium23 must fail naming it.
"""
import re
import subprocess
import sys


def run(*args):
    return subprocess.run(args, capture_output=True, text=True, check=False).stdout


def runtime_packages(dockerfile):
    text = open(dockerfile, encoding="utf-8").read().replace("\\\n", " ")
    stage = text[text.rfind("\nFROM "):]  # the last stage is what ships
    packages = set()
    for install in re.findall(r"apt-get install([^&\n]*)", stage):
        packages.update(t for t in install.split() if not t.startswith("-"))
    return packages


def installed_depends(package):
    out = run("dpkg-query", "-W", "-f=${Pre-Depends}, ${Depends}", package)
    names = []
    for clause in out.split(","):
        clause = clause.strip()
        if not clause:
            continue
        # "a (>= 1) | b": the first alternative that is installed here.
        for alternative in clause.split("|"):
            name = alternative.strip().split(" ")[0].split(":")[0]
            if name and run("dpkg-query", "-W", "-f=${Status}", name).startswith("install ok installed"):
                names.append(name)
                break
    return names


def closure(packages):
    base = {line.split()[0] for line in run("dpkg-query", "-W", "-f=${Package} ${Priority}\n").splitlines()
            if line.endswith(" required")}
    seen, pending = set(base), list(packages | base)
    while pending:
        package = pending.pop()
        for dep in installed_depends(package):
            if dep not in seen:
                seen.add(dep)
                pending.append(dep)
    return seen | packages


def needed_libraries(binary):
    needed = re.findall(r"NEEDED\s+(\S+)", run("objdump", "-p", binary))
    paths = dict(re.findall(r"^\s*(\S+) => (\S+)", run("ldd", binary), re.M))
    return [(lib, paths.get(lib)) for lib in needed]


def owner(path):
    out = run("dpkg", "-S", path)
    if not out:  # /lib is a link to /usr/lib on bookworm: try the other spelling
        other = path.replace("/usr/lib/", "/lib/", 1) if path.startswith("/usr/lib/") else path.replace("/lib/", "/usr/lib/", 1)
        out = run("dpkg", "-S", other)
    return out.split(":")[0].strip() if out else None


def check(dockerfile, binaries):
    available = closure(runtime_packages(dockerfile))
    missing = []
    for binary in binaries:
        for lib, path in needed_libraries(binary):
            package = owner(path) if path else None
            if package is None:
                missing.append(f"{binary}: {lib} is not found, or no package owns it")
            elif package not in available:
                missing.append(f"{binary}: {lib} is in {package}, which the runtime stage does not install")
    for line in missing:
        print(line)
    if missing:
        print(f"add the packages above to the runtime stage of {dockerfile}")
        return 1
    print(f"every library of {len(binaries)} binaries is in the runtime stage's packages")
    return 0


def self_test(dockerfile, binaries):
    import contextlib
    import io
    import os
    import tempfile
    text = open(dockerfile, encoding="utf-8").read()
    if "libsodium23" not in text:
        print("the Dockerfile does not install libsodium23; nothing to take out")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        broken = os.path.join(tmp, "Dockerfile")
        with open(broken, "w", encoding="utf-8") as f:
            f.write(text.replace("libsodium23", ""))
        said = io.StringIO()
        with contextlib.redirect_stdout(said):
            code = check(broken, binaries)
    if code == 1 and "libsodium.so.23 is in libsodium23" in said.getvalue():
        print("without libsodium23 the check fails, naming it")
        return 0
    print("the check did not catch a runtime stage without libsodium23:\n" + said.getvalue())
    return 1


def main():
    if sys.argv[1] == "--self-test":
        return self_test(sys.argv[2], sys.argv[3:])
    return check(sys.argv[1], sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
