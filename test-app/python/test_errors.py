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
- A dict or struct given to a union prop (`access_log`, `custom_domain`, `authorizer`) is refused,
  naming its struct-only companion: there jsii cannot tell a dict from the struct class and drops
  the dict's snake_case keys. In the companion a dict keeps its keys, and an unknown key is a
  TypeError; a union prop and its companion (or two companions) together are refused. The same
  holds for cdk.web_socket_stage and a route's function; route props in the routes map are refused,
  naming add_route, where a dict keeps its keys (a $connect so added replaces the one the API adds
  for the bearer subprotocol); Function instances pass through the unions.

Closes with `python errors: N passed, M failed`.
"""
import json
import os
import subprocess
import sys
import textwrap
import unittest

import aws_cdk as cdk
from aws_cdk import assertions

from cdk_from_rust.websocket_api import (
    Function,
    WebSocketApi,
    WebSocketApiAccessLogProps,
    WebSocketApiCdkProps,
    WebSocketApiFunctionRouteProps,
)

DESTINATION = "arn:aws:logs:us-east-1:123456789012:log-group:shared-access-logs"
JWT = {"jwt": {"issuer": "https://auth.example.com", "audience": ["chat-web"]}}

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
            WebSocketApi(self.stack, "Api", access_log_settings=WebSocketApiAccessLogProps(retention="one_weak"))
        message = str(raised.exception)
        self.assertTrue(message.startswith('Invalid access log retention value "one_weak".'), message)
        self.assertEqual(message, self.typescript["retention"])

    def test_a_dict_or_struct_in_a_union_prop_is_refused_naming_its_companion(self) -> None:
        cases = [
            ("access_log", {"destination_arn": DESTINATION, "retention": "one_week"},
             "access_log_settings=WebSocketApiAccessLogProps(...)", "a boolean or a string"),
            ("access_log", WebSocketApiAccessLogProps(destination_arn=DESTINATION),
             "access_log_settings=WebSocketApiAccessLogProps(...)", "a boolean or a string"),
            ("custom_domain", {"domain_name": "api.example.com"},
             "custom_domain_settings=WebSocketApiDomainProps(...)", "a string"),
            ("authorizer", {"type": "jwt", **JWT},
             "lambda_authorizer=WebSocketApiLambdaAuthorizer(...) or jwt_authorizer=WebSocketApiJwtAuthorizer(...) "
             "or user_pool_authorizer=WebSocketApiUserPoolAuthorizer(...)", '"none" or "iam"'),
        ]
        for prop, value, fix, forms in cases:
            with self.subTest(prop=prop, value=value), self.assertRaises(RuntimeError) as raised:
                WebSocketApi(cdk.Stack(cdk.App(), "Errors"), "Api", **{prop: value})
            message = str(raised.exception)
            self.assertTrue(message.startswith(f'WebSocketApi "Errors/Api": "{prop}" got a dict or struct'), message)
            self.assertIn("cannot tell a dict from a struct class", message)
            self.assertIn("drops a dict's snake_case keys", message)
            self.assertIn(f"Pass it as {fix} (a struct class, or a dict with snake_case keys)", message)
            self.assertTrue(message.endswith(f'"{prop}" takes {forms}.'), message)

    def test_primitives_in_union_props_still_work(self) -> None:
        WebSocketApi(self.stack, "Api", access_log=True, authorizer="iam")
        WebSocketApi(self.stack, "Format", access_log="$context.requestId", authorizer="none")

    def test_a_dict_in_a_companion_keeps_its_snake_case_keys(self) -> None:
        WebSocketApi(self.stack, "ToDestination", access_log_settings={"destination_arn": DESTINATION, "retention": "one_week"})
        WebSocketApi(self.stack, "Retained", access_log_settings={"retention": "one_week"})
        template = assertions.Template.from_stack(self.stack)
        stages = template.find_resources("AWS::ApiGatewayV2::Stage")
        destinations = {id: s["Properties"]["AccessLogSettings"]["DestinationArn"] for id, s in stages.items()}
        self.assertEqual([d for id, d in destinations.items() if id.startswith("ToDestination")], [DESTINATION])
        # retention reached the library: the created log group keeps logs a week.
        groups = template.find_resources("AWS::Logs::LogGroup")
        self.assertEqual([g["Properties"].get("RetentionInDays") for g in groups.values()], [7])

    def test_an_unknown_key_in_a_companion_dict_is_a_type_error(self) -> None:
        with self.assertRaises(TypeError) as raised:
            WebSocketApi(self.stack, "Api", access_log_settings={"destination_arn": DESTINATION, "retension": "one_week"})
        self.assertIn("retension", str(raised.exception))

    def test_a_union_prop_and_its_companion_together_are_refused(self) -> None:
        cases = [
            ({"access_log": True, "access_log_settings": {"retention": "one_week"}},
             '"access_log" and "access_log_settings" are both set'),
            ({"custom_domain": "api.example.com", "custom_domain_settings": {"domain_name": "api.example.com"}},
             '"custom_domain" and "custom_domain_settings" are both set'),
            ({"authorizer": "iam", "jwt_authorizer": JWT}, '"authorizer" and "jwt_authorizer" are both set'),
            ({"jwt_authorizer": JWT, "user_pool_authorizer": {"user_pool": {"id": "us-east-1_AbC123", "client_ids": ["c"]}}},
             '"jwt_authorizer" and "user_pool_authorizer" are both set, and each is a form of "authorizer"'),
        ]
        for props, expected in cases:
            with self.subTest(props=list(props)), self.assertRaises(RuntimeError) as raised:
                WebSocketApi(cdk.Stack(cdk.App(), "Errors"), "Api", **props)
            message = str(raised.exception)
            self.assertTrue(message.startswith(f'WebSocketApi "Errors/Api": {expected}'), message)
            self.assertTrue(message.endswith("Set one of them."), message)

    def test_route_props_in_the_routes_map_are_refused_naming_add_route(self) -> None:
        for value in [
            {"function": "handlers/node/echo.main", "return_response": True},
            WebSocketApiFunctionRouteProps(function="handlers/node/echo.main", return_response=True),
        ]:
            with self.subTest(value=value), self.assertRaises(RuntimeError) as raised:
                WebSocketApi(cdk.Stack(cdk.App(), "Errors"), "Api", routes={"ping": value})
            message = str(raised.exception)
            self.assertTrue(message.startswith('Route "ping" is a dict or struct'), message)
            self.assertIn("drops a dict's snake_case keys (return_response, memory_size)", message)
            self.assertIn('api.add_route(api, "ping", function_props=FunctionProps(...), return_response=...)', message)
        api = WebSocketApi(self.stack, "Api")
        with self.assertRaises(RuntimeError) as raised:
            api.add_routes(api, {"pong": {"function": "handlers/node/echo.main"}})
        # A method's error reaches Python as "Error: ..." (a constructor's without the prefix).
        self.assertTrue(str(raised.exception).startswith('Error: Route "pong" is a dict or struct'), str(raised.exception))

    def test_add_route_keeps_a_dicts_snake_case_keys(self) -> None:
        api = WebSocketApi(self.stack, "Api", access_log=False)
        api.add_route(api, "ping", function_props={"handler": "handlers/node/echo.main", "memory_size": 512}, return_response=True)
        template = assertions.Template.from_stack(self.stack)
        functions = template.find_resources("AWS::Lambda::Function")
        self.assertEqual([f["Properties"]["MemorySize"] for f in functions.values()], [512])
        responses = template.find_resources("AWS::ApiGatewayV2::RouteResponse")
        self.assertEqual(len(responses), 1, "return_response reached the library: the route is two-way")

    def test_add_route_replaces_the_connect_added_for_the_bearer_subprotocol(self) -> None:
        bearer = {**JWT, "identity_source": ["route.request.header.Sec-WebSocket-Protocol"]}
        api = WebSocketApi(self.stack, "Api", jwt_authorizer=bearer)
        api.add_route(api, "$connect", function_props={"handler": "handlers/node/echo.main", "memory_size": 512})
        self.assertEqual(api.routes, ["$connect"])
        template = assertions.Template.from_stack(self.stack)
        routes = template.find_resources("AWS::ApiGatewayV2::Route")
        self.assertEqual([r["Properties"]["AuthorizationType"] for r in routes.values()], ["CUSTOM"])
        memory = sorted(f["Properties"].get("MemorySize", 0) for f in template.find_resources("AWS::Lambda::Function").values())
        self.assertEqual(memory[-1], 512, "the $connect is the dict's, with its snake_case keys")
        self.assertEqual(len(memory), 2, "the authorizer's function and the $connect; the bearer echo is gone")

    def test_a_dict_in_a_routes_function_is_refused_naming_function_props(self) -> None:
        api = WebSocketApi(self.stack, "Api")
        with self.assertRaises(RuntimeError) as raised:
            api.add_route(api, "ping", function={"handler": "handlers/node/echo.main", "memory_size": 512})
        message = str(raised.exception)
        self.assertTrue(message.startswith('Error: WebSocketApi "Errors/Api" route "ping": "function" got a dict or struct'), message)
        self.assertIn("Pass it as function_props=FunctionProps(...)", message)
        self.assertTrue(message.endswith('"function" takes a string or a Function.'), message)

    def test_function_instances_still_pass_through_routes_and_authorizers(self) -> None:
        fn = Function(self.stack, "Fn", handler="handlers/node/echo.main")
        api = WebSocketApi(self.stack, "Api", routes={"$default": fn, "ping": "handlers/node/echo.main"})
        api.add_route(api, "pong", function=fn)
        self.assertEqual(api.routes, ["$default", "ping", "pong"])

    def test_a_dict_in_cdk_web_socket_stage_is_refused_and_its_companion_works(self) -> None:
        with self.assertRaises(RuntimeError) as raised:
            WebSocketApi(self.stack, "Refused", cdk=WebSocketApiCdkProps(web_socket_stage={"stage_name": "live", "auto_deploy": False}))
        message = str(raised.exception)
        self.assertTrue(message.startswith('WebSocketApi "Errors/Refused" cdk: "web_socket_stage" got a dict or struct'), message)
        self.assertIn("Pass it as web_socket_stage_props=WebSocketApiCdkStageProps(...)", message)
        WebSocketApi(self.stack, "Api", cdk=WebSocketApiCdkProps(web_socket_stage_props={"stage_name": "live", "auto_deploy": False}))
        stages = assertions.Template.from_stack(self.stack).find_resources("AWS::ApiGatewayV2::Stage")
        self.assertEqual([(s["Properties"]["StageName"], s["Properties"]["AutoDeploy"]) for s in stages.values()], [("live", False)])

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
