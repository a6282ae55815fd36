// The hand-written twins of examples/*/, by example folder name.
import * as cdk from "aws-cdk-lib";
import { authorizer } from "./authorizer";
import { chat } from "./chat";
import { jwt } from "./jwt";
import { minimal } from "./minimal";
import { python } from "./python";
import { rust } from "./rust";

export const TWINS: Record<string, (app: cdk.App) => void> = { authorizer, chat, jwt, minimal, python, rust };
