# `dev`'s helper for Python handlers, kept running so that a save costs no interpreter start:
# one JSON request a line on stdin, one JSON answer a line on stdout.
#   {"graphs": [[srcPath, handlerFile], ...]} -> {"graphs": [[file, ...], ...]}
#     the files under srcPath that each handler module imports, directly or not (modulefinder
#     reads imports without running them); a module that does not parse is still listed.
#   {"check": [file, ...]} -> {"errors": ["file:line:column: message", ...]}
#     the files compiled as an import would compile them.
import json
import os
import sys
from modulefinder import ModuleFinder


def graph(src, handler):
    files = {handler}
    finder = ModuleFinder(path=[src])
    try:
        finder.run_script(handler)
    except Exception:
        pass
    # A module saved mid-edit does not parse: modulefinder lists it as a bad module.
    for name in finder.badmodules:
        base = os.path.join(src, *name.split("."))
        for file in (base + ".py", os.path.join(base, "__init__.py")):
            if os.path.isfile(file):
                files.add(os.path.abspath(file))
    for module in finder.modules.values():
        file = getattr(module, "__file__", None)
        if file and os.path.abspath(file).startswith(src + os.sep):
            files.add(os.path.abspath(file))
    return sorted(files)


def check(files):
    errors = []
    for file in files:
        try:
            with open(file, "rb") as source:
                compile(source.read(), file, "exec")
        except SyntaxError as e:
            errors.append(f"{e.filename}:{e.lineno}:{e.offset or 0}: {e.msg}")
        except OSError as e:
            errors.append(f"{file}: {e.strerror}")
    return errors


for line in sys.stdin:
    if not line.strip():
        continue
    request = json.loads(line)
    if "graphs" in request:
        answer = {"graphs": [graph(src, handler) for src, handler in request["graphs"]]}
    else:
        answer = {"errors": check(request["check"])}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
