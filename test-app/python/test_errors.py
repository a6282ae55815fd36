#!/usr/bin/env python3
"""What a Python user of the wheel sees when a prop is wrong.

Run from test-app/ with the venv's python (scripts/python-check.sh does):

    python/.venv/bin/python python/test_errors.py

- A literal the library checks at synth time (retention, runtime) raises the very message a
  TypeScript user gets; the TypeScript side is asked through node, from the same package.
- A value of the wrong type (a number for a string) is stopped at the call, as a type error: by the
  wheel's own type checks (typeguard, on by default), or, under `python -O` where those are off, by
  the jsii kernel's deserialization, never deep inside the construct.
- A relative handler path resolves against the jsii kernel's working directory, not the one the
  program `os.chdir`s to later; the error where it is not found says so.

Closes with `python errors: N passed, M failed`.
"""
import json
import os
import subprocess
import sys
import textwrap
import unittest

import aws_cdk as cdk

from cdk_from_rust.websocket_api import Function, WebSocketApi, WebSocketApiAccessLogProps

TEST_APP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The same mistakes in TypeScript, through the package test-app resolves (generated/).
TYPESCRIPT = r"""
const cdk = require("aws-cdk-lib");
const { Function, WebSocketApi } = require("@cdk-from-rust/websocket-api");
const stack = new cdk.Stack(new cdk.App(), "Errors");
const messages = {};
const attempt = (name, build) => { try { build(); } catch (e) { messages[name] = e.message; } };
attempt("retention", () => new WebSocketApi(stack, "Api", { accessLog: { retention: "one_weak" } }));
attempt("runtime", () => new Function(stack, "Fn", { handler: "handlers/node/default.main", runtime: "nodejs16.x" }));
console.log(JSON.stringify(messages));
"""


def typescript_messages() -> dict:
    out = subprocess.run(["node", "-e", TYPESCRIPT], cwd=TEST_APP, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


class PythonErrors(unittest.TestCase):
    typescript: dict = {}

    @classmethod
    def setUpClass(cls) -> None:
        cls.typescript = typescript_messages()

    def setUp(self) -> None:
        self.stack = cdk.Stack(cdk.App(), "Errors")

    def test_access_log_retention_is_checked_with_the_typescript_message(self) -> None:
        with self.assertRaises(RuntimeError) as raised:
            WebSocketApi(self.stack, "Api", access_log=WebSocketApiAccessLogProps(retention="one_weak"))
        message = str(raised.exception)
        self.assertTrue(message.startswith('Invalid access log retention value "one_weak".'), message)
        self.assertEqual(message, self.typescript["retention"])

    def test_runtime_is_checked_with_the_typescript_message(self) -> None:
        with self.assertRaises(RuntimeError) as raised:
            Function(self.stack, "Fn", handler="handlers/node/default.main", runtime="nodejs16.x")
        message = str(raised.exception)
        self.assertTrue(message.startswith('Invalid runtime "nodejs16.x". Supported runtimes: '), message)
        self.assertIn("nodejs22.x", message)
        self.assertEqual(message, self.typescript["runtime"])

    def test_a_number_for_a_string_is_a_type_error_at_the_call(self) -> None:
        with self.assertRaises(TypeError) as raised:
            WebSocketApi(self.stack, "Api", route_selection_expression=42)
        message = str(raised.exception)
        self.assertIn("route_selection_expression", message)
        self.assertIn("str", message)
        self.assertIn("int", message)

    def test_a_number_for_a_string_is_a_jsii_type_error_without_python_checks(self) -> None:
        # python -O turns the wheel's type checks off: the jsii kernel must still refuse the value.
        script = textwrap.dedent(
            """
            import json, aws_cdk as cdk
            from cdk_from_rust.websocket_api import WebSocketApi
            try:
                WebSocketApi(cdk.Stack(cdk.App(), "Errors"), "Api", route_selection_expression=42)
                print(json.dumps(None))
            except Exception as e:
                print(json.dumps([type(e).__name__, str(e)]))
            """
        )
        out = subprocess.run([sys.executable, "-O", "-c", script], cwd=TEST_APP, check=True, capture_output=True, text=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        self.assertIsNotNone(result, "a number was accepted as routeSelectionExpression")
        kind, message = result
        self.assertEqual(kind, "RuntimeError", message)
        self.assertIn("Unable to deserialize value as @cdk-from-rust/websocket-api.WebSocketApiProps", message)
        self.assertIn("Key 'routeSelectionExpression': Unable to deserialize value as string", message)
        self.assertIn("Value is not a string", message)

    def test_a_relative_path_after_chdir_names_the_kernels_working_directory(self) -> None:
        # The kernel starts at the first import, in test-app/ here; the handler exists only in
        # the folder the program changes to afterwards.
        script = textwrap.dedent(
            """
            import json, os, tempfile, aws_cdk as cdk
            from cdk_from_rust.websocket_api import WebSocketApi
            folder = tempfile.mkdtemp()
            os.makedirs(os.path.join(folder, "src"))
            with open(os.path.join(folder, "src", "h.ts"), "w") as f:
                f.write("export const main = async () => ({ statusCode: 200 });")
            os.chdir(folder)
            try:
                WebSocketApi(cdk.Stack(cdk.App(), "Errors"), "Api", routes={"$default": "src/h.main"})
                print(json.dumps(None))
            except Exception as e:
                print(json.dumps(str(e).splitlines()[0]))
            """
        )
        out = subprocess.run([sys.executable, "-c", script], cwd=TEST_APP, check=True, capture_output=True, text=True)
        message = json.loads(out.stdout.strip().splitlines()[-1])
        self.assertIsNotNone(message, "the handler was found in the folder chdir'ed to")
        self.assertIn(f'Could not find file for handler "src/h.main" in "{TEST_APP}"', message)
        self.assertIn(f"relative paths resolve against the jsii kernel's working directory \"{TEST_APP}\"", message)
        self.assertIn("Pass an absolute srcPath.", message)


if __name__ == "__main__":
    result = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(
        unittest.defaultTestLoader.loadTestsFromTestCase(PythonErrors)
    )
    failed = len(result.failures) + len(result.errors)
    print(f"python errors: {result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
