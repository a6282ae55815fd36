#!/usr/bin/env python3
"""Compares the templates of the TypeScript test app with those of its Python twin.

    python3 compare.py TS_OUT PY_OUT

Each stack of TS_OUT (its template and those of its nested stacks) must have a twin in PY_OUT (unless SKIP names it, with a reason) and the
other way round. Two templates must be identical once the parts that legitimately differ between
two syntheses are removed:

- asset hashes: S3Key values and any other 64-hex-digit asset hash (in `aws:asset:path`, for
  instance) become `<asset-hash>`; asset parameters (`AssetParameters...`) are dropped;
- CDK metadata: AWS::CDK::Metadata resources (and their CDKMetadataAvailable condition), the
  `aws:cdk:*` entries of resource Metadata, and the BootstrapVersion parameter with its
  CheckBootstrapVersion rule.

Also checks that test-app/cdk.json and test-app/python/cdk.json set the same context (feature
flags change templates). Prints one line per stack, a diff for each mismatch, and closes with
`N passed, M failed` (N: stacks that matched); exits 1 on any failure. Standard library only.
"""
import difflib
import json
import os
import re
import sys

# Stacks of the TypeScript app that have no Python twin, with the reason. Keep it short: every
# entry is a stack whose Python binding is not tested.
SKIP: dict = {}

HASH = re.compile(r"[0-9a-f]{64}")
MAX_DIFF_LINES = 120


def stack_templates(outdir: str) -> dict:
    """Stack id -> {template file name -> path}: the stack's template, then those of its nested
    stacks (file assets of the stack's asset manifest), from the cloud assembly's manifest."""
    with open(os.path.join(outdir, "manifest.json")) as f:
        artifacts = json.load(f).get("artifacts", {})
    stacks = {}
    for artifact_id, artifact in artifacts.items():
        if artifact.get("type") != "aws:cloudformation:stack":
            continue
        template = artifact["properties"]["templateFile"]
        files = {template: os.path.join(outdir, template)}
        for dependency in artifact.get("dependencies", []):
            assets = artifacts.get(dependency, {})
            if assets.get("type") != "cdk:asset-manifest":
                continue
            with open(os.path.join(outdir, assets["properties"]["file"])) as f:
                for asset in json.load(f).get("files", {}).values():
                    source = asset.get("source", {}).get("path", "")
                    if source.endswith(".nested.template.json"):
                        files[source] = os.path.join(outdir, source)
        stacks[artifact_id] = files
    return stacks


def compare_files(ts_files: dict, py_files: dict) -> tuple:
    """Failure lines (none when the stack matches), and whether asset hashes matched too."""
    problems, same_assets = [], True
    for name in sorted(set(ts_files) | set(py_files)):
        if name not in py_files or name not in ts_files:
            side = "Python" if name not in py_files else "TypeScript"
            problems.append(f"{name}: missing from the {side} output")
            continue
        with open(ts_files[name]) as f:
            ts_raw = json.load(f)
        with open(py_files[name]) as f:
            py_raw = json.load(f)
        ts, py = normalize(ts_raw), normalize(py_raw)
        if ts != py:
            diff = list(difflib.unified_diff(dump(ts), dump(py), f"typescript/{name}", f"python/{name}", n=3, lineterm=""))
            problems.append(f"{name} differs ({len(diff)} diff lines; - TypeScript, + Python)")
            problems.extend("  " + line for line in diff[:MAX_DIFF_LINES])
            if len(diff) > MAX_DIFF_LINES:
                problems.append(f"  ... {len(diff) - MAX_DIFF_LINES} more diff lines")
        elif strip_metadata(ts_raw) != strip_metadata(py_raw):
            same_assets = False
    return problems, same_assets


def mask_hashes(value):
    if isinstance(value, dict):
        return {HASH.sub("<asset-hash>", k): mask_hashes(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_hashes(v) for v in value]
    if isinstance(value, str):
        return HASH.sub("<asset-hash>", value)
    return value


def mask_s3_keys(value):
    if isinstance(value, dict):
        return {k: ("<asset-hash>" if k == "S3Key" and isinstance(v, str) else mask_s3_keys(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_s3_keys(v) for v in value]
    return value


def strip_metadata(template: dict) -> dict:
    """The template without CDK metadata (and its bootstrap check), hashes untouched."""
    t = json.loads(json.dumps(template))
    resources = t.get("Resources", {})
    for logical_id in [k for k, r in resources.items() if r.get("Type") == "AWS::CDK::Metadata"]:
        del resources[logical_id]
    for resource in resources.values():
        metadata = resource.get("Metadata")
        if isinstance(metadata, dict):
            for key in [k for k in metadata if k.startswith("aws:cdk:")]:
                del metadata[key]
            if not metadata:
                del resource["Metadata"]
    for section, names in (("Conditions", ["CDKMetadataAvailable"]), ("Rules", ["CheckBootstrapVersion"])):
        for name in names:
            t.get(section, {}).pop(name, None)
        if section in t and not t[section]:
            del t[section]
    params = t.get("Parameters", {})
    for name in [p for p in params if p == "BootstrapVersion" or p.startswith("AssetParameters")]:
        del params[name]
    if "Parameters" in t and not params:
        del t["Parameters"]
    return t


def normalize(template: dict) -> dict:
    return mask_hashes(mask_s3_keys(strip_metadata(template)))


def dump(template: dict) -> list:
    return json.dumps(template, indent=1, sort_keys=True).splitlines()


def context_of(cdk_json: str) -> dict:
    with open(cdk_json) as f:
        return json.load(f).get("context", {})


def main(ts_out: str, py_out: str) -> int:
    passed, failed, skipped = 0, 0, 0
    here = os.path.dirname(os.path.abspath(__file__))
    ts_context = context_of(os.path.join(here, "..", "cdk.json"))
    py_context = context_of(os.path.join(here, "cdk.json"))
    if ts_context != py_context:
        print("  FAIL  cdk.json context: test-app/python/cdk.json must set the context of test-app/cdk.json")
        print("        test-app/cdk.json:        " + json.dumps(ts_context, sort_keys=True))
        print("        test-app/python/cdk.json: " + json.dumps(py_context, sort_keys=True))
        failed += 1

    ts_stacks = stack_templates(ts_out)
    py_stacks = stack_templates(py_out)
    print(f"compare: {len(ts_stacks)} TypeScript stacks ({ts_out}) with {len(py_stacks)} Python stacks ({py_out})")
    for stack in sorted(set(ts_stacks) | set(py_stacks)):
        if stack in SKIP:
            print(f"  skip  {stack}: {SKIP[stack]}")
            skipped += 1
            continue
        if stack not in py_stacks:
            print(f"  FAIL  {stack}: no Python twin; port it to test-app/python (or list it in SKIP in compare.py, with a reason)")
            failed += 1
            continue
        if stack not in ts_stacks:
            print(f"  FAIL  {stack}: a Python stack the TypeScript app (test-app/lib/app.ts) does not have")
            failed += 1
            continue
        problems, same_assets = compare_files(ts_stacks[stack], py_stacks[stack])
        if problems:
            failed += 1
            print(f"  FAIL  {stack}:")
            for line in problems:
                print("        " + line)
            continue
        nested = len(ts_stacks[stack]) - 1
        # Not part of the verdict: the same library build should give the same assets too.
        print(
            f"  ok    {stack}: {f'template and {nested} nested templates match' if nested else 'template matches'},"
            f" asset hashes {'identical' if same_assets else 'differ (ignored)'}"
        )
        passed += 1
    summary = f"{passed} passed, {failed} failed"
    print(summary + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: compare.py TS_OUT PY_OUT")
    sys.exit(main(sys.argv[1], sys.argv[2]))
