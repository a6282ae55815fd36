// The documentation works as written: every relative link of README.md, docs/*.md and
// examples/README.md resolves (files, and anchors to headings as GitHub names them), every
// repository path they name in inline code exists (unless git ignores it: build output), every command of their ```sh blocks
// uses subcommands and flags that `cdk-from-rust --help` lists, scripts, examples and test
// targets that exist, and the blocks marked ```sh runnable run and exit 0.
//
// Usage: node scripts/docs-check.mjs BINARY   (from the repository root; BINARY is the built CLI).
// Its own tests: scripts/docs-check.test.mjs.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

// A runnable block is quick by definition; coreutils' timeout ends the block's whole process group.
const RUNNABLE_TIMEOUT_SECONDS = 60;
const SHELL_LANGS = new Set(["sh", "bash", "shell"]);

/** GitHub's anchor of a heading: markup dropped, lowercase, punctuation removed, spaces as `-`. */
export function slug(heading) {
  const text = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[`*]/g, "")
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{N}\p{M} _-]/gu, "").replace(/ /g, "-");
}

/** A Markdown file's headings (as anchors, duplicates numbered), links, inline code and fenced blocks. */
function parseMarkdown(text) {
  const anchors = new Set();
  const seen = new Map();
  const links = [];
  const codes = [];
  const blocks = [];
  let fence = null;
  text.split("\n").forEach((line, index) => {
    const lineNo = index + 1;
    const marker = line.match(/^\s*(```+|~~~+)\s*(.*)$/);
    if (fence !== null) {
      if (marker !== null && marker[1].startsWith(fence.marker) && marker[2] === "") {
        blocks.push(fence);
        fence = null;
      } else {
        fence.lines.push(line);
      }
      return;
    }
    if (marker !== null) {
      const info = marker[2].trim().split(/\s+/);
      fence = { marker: marker[1], lang: info[0] ?? "", flags: info.slice(1), line: lineNo, lines: [] };
      return;
    }
    const heading = line.match(/^#{1,6}\s+(.*?)\s*#*\s*$/);
    if (heading !== null) {
      const base = slug(heading[1]);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      anchors.add(count === 0 ? base : `${base}-${count}`);
    }
    for (const match of line.matchAll(/`([^`]+)`/g)) codes.push({ text: match[1], line: lineNo });
    // Inline code is not a link: `[x](y)` in backticks stays text.
    const prose = line.replace(/`[^`]*`/g, (code) => " ".repeat(code.length));
    for (const match of prose.matchAll(/\[(?:[^\][]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ target: match[1], line: lineNo });
    }
  });
  if (fence !== null) {
    throw new Error(`a fence opened on line ${fence.line} is never closed`);
  }
  return { anchors, links, codes, blocks };
}

/** Whether inline code names a path of the repository: `dev/src/tls.rs`, not `{stack}.py` or `a/b c`. */
function isRepositoryPath(text, topLevel) {
  return /^[\w.@-]+(\/[\w.@-]+)*\/?$/.test(text) && text.includes("/") && topLevel.has(text.split("/")[0]) && !["target", ".git"].includes(text.split("/")[0]);
}

/** The paths git ignores (build output, installs); none outside a git repository. */
function ignoredByGit(root, paths) {
  if (paths.length === 0) return new Set();
  const run = spawnSync("git", ["check-ignore", "--stdin"], { cwd: root, input: paths.join("\n"), encoding: "utf8" });
  return new Set(run.status === 0 ? run.stdout.split("\n").filter(Boolean) : []);
}

/** Shell words of one command line: quotes removed, `#` comments dropped, split at ; && || |. */
function shellCommands(line) {
  const commands = [[]];
  let word = null;
  let quote = null;
  const end = () => {
    if (word !== null) commands[commands.length - 1].push(word);
    word = null;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== null) {
      if (c === quote) quote = null;
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= "";
    } else if (c === "#" && word === null) {
      break;
    } else if (/\s/.test(c)) {
      end();
    } else if (c === ";" || c === "|" || c === "&") {
      end();
      while (line[i + 1] === "|" || line[i + 1] === "&") i++;
      commands.push([]);
    } else {
      word = (word ?? "") + c;
    }
  }
  end();
  return commands.filter((words) => words.length > 0);
}

/** The command lines of a shell block: continuations joined, a leading `$ ` prompt dropped. */
function blockCommands(lines) {
  const joined = lines.join("\n").replace(/\\\n/g, " ");
  return joined
    .split("\n")
    .map((line) => line.replace(/^\s*\$\s+/, ""))
    .flatMap((line) => shellCommands(line));
}

/** The arguments given to the cdk-from-rust command by a command line, or null. */
function cliArguments(words) {
  let rest = words;
  while (rest.length > 0 && /^[A-Z_][A-Z0-9_]*=/.test(rest[0])) rest = rest.slice(1);
  if (rest[0] === "cargo" && rest[1] === "run") {
    const dashes = rest.indexOf("--");
    return dashes === -1 ? [] : rest.slice(dashes + 1);
  }
  if (rest[0] === "npx" || (rest[0] === "pipx" && rest[1] === "run")) {
    rest = rest.slice(rest[0] === "npx" ? 1 : 2);
  }
  return rest[0] === "cdk-from-rust" ? rest.slice(1) : null;
}

/** What a `--help` text offers: its subcommands, and its flags with whether each takes a value. */
function parseHelp(text) {
  const commands = new Set();
  const flags = new Map();
  let section = "";
  for (const line of text.split("\n")) {
    const header = line.match(/^(\w[\w ]*):/);
    if (header !== null) {
      section = header[1];
      continue;
    }
    if (section === "Commands") {
      const name = line.match(/^\s+([a-z][a-z0-9-]*)\s/);
      if (name !== null) commands.add(name[1]);
    } else if (section === "Options") {
      const option = line.match(/^\s+(?:(-\w), )?(--[a-z0-9-]+)( <)?/i);
      if (option !== null) {
        for (const flag of [option[1], option[2]].filter(Boolean)) flags.set(flag, option[3] !== undefined);
      }
    }
  }
  return { commands, flags };
}

/** Problems of one command line's use of the CLI, asking `help(levels)` for each level's help. */
function checkCliUse(args, help) {
  const problems = [];
  const levels = [];
  let offer = help(levels);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const name = `cdk-from-rust${levels.map((l) => ` ${l}`).join("")}`;
    if (arg.startsWith("-")) {
      const [flag, value] = arg.split("=");
      if (!offer.flags.has(flag)) {
        problems.push(`${name}: no flag ${flag} (its --help lists ${[...offer.flags.keys()].join(", ")})`);
      } else if (offer.flags.get(flag) && value === undefined) {
        i++;
      }
    } else if (offer.commands.size > 0) {
      // Where a level has commands, its positional word is one of them.
      if (!offer.commands.has(arg)) {
        problems.push(`${name}: no command ${arg} (its --help lists ${[...offer.commands].join(", ")})`);
        break;
      }
      levels.push(arg);
      offer = help(levels);
    }
  }
  return problems;
}

/** Problems of a command's own words: scripts, repository paths and cargo test targets. */
function checkWords(words, root, topLevel, packages) {
  const problems = [];
  for (const word of words) {
    if (isRepositoryPath(word, topLevel) && !existsSync(path.join(root, word))) problems.push(`${word} does not exist`);
  }
  if (/^scripts\/.+\.sh$/.test(words[0] ?? "")) {
    const script = path.join(root, words[0]);
    if (existsSync(script) && (statSync(script).mode & 0o111) === 0) problems.push(`${words[0]} is not executable`);
  }
  if (words[0] === "cargo" && words[1] === "test") {
    const pkgIndex = words.findIndex((w) => w === "-p" || w === "--package");
    const pkg = pkgIndex === -1 ? "cdk-from-rust" : words[pkgIndex + 1];
    const dir = packages.get(pkg);
    if (dir === undefined) {
      problems.push(`no workspace package ${pkg} (packages: ${[...packages.keys()].join(", ")})`);
    }
    const testIndex = words.indexOf("--test");
    if (testIndex !== -1 && dir !== undefined && !existsSync(path.join(root, dir, "tests", `${words[testIndex + 1]}.rs`))) {
      problems.push(`package ${pkg} has no test target ${words[testIndex + 1]} (${dir}/tests/${words[testIndex + 1]}.rs)`);
    }
  }
  return problems;
}

/** The workspace's packages: name -> folder. */
function workspacePackages(root) {
  const packages = new Map();
  const members = readFileSync(path.join(root, "Cargo.toml"), "utf8").match(/members\s*=\s*\[([^\]]*)\]/)[1];
  for (const dir of members.match(/"([^"]+)"/g).map((m) => m.slice(1, -1))) {
    const name = readFileSync(path.join(root, dir, "Cargo.toml"), "utf8").match(/^name\s*=\s*"([^"]+)"/m)[1];
    packages.set(name, dir);
  }
  return packages;
}

/** Checks the docs of the repository at `root` against `binary`; returns the problems found. */
export function check(root, binary, log = console.log) {
  const files = [
    "README.md",
    ...readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`),
    ...["examples/README.md"].filter((f) => existsSync(path.join(root, f))),
  ];
  const parsed = new Map(files.map((file) => [file, parseMarkdown(readFileSync(path.join(root, file), "utf8"))]));
  const anchorsOf = (file) => parsed.get(file)?.anchors ?? parseMarkdown(readFileSync(path.join(root, file), "utf8")).anchors;
  const helps = new Map();
  const help = (levels) => {
    const key = levels.join(" ");
    if (!helps.has(key)) {
      helps.set(key, parseHelp(execFileSync(binary, [...levels, "--help"], { encoding: "utf8" })));
    }
    return helps.get(key);
  };
  const packages = workspacePackages(root);
  const problems = [];
  const runnable = [];
  let links = 0;
  let commands = 0;
  const topLevel = new Set(readdirSync(root));
  const missingPaths = [];
  for (const [file, { links: fileLinks, codes, blocks }] of parsed) {
    for (const { text, line } of codes) {
      if (isRepositoryPath(text, topLevel) && !existsSync(path.join(root, text))) missingPaths.push({ file, line, text });
    }
    for (const { target, line } of fileLinks) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      links++;
      const [pathPart, anchor] = target.split("#");
      const resolved = pathPart === "" ? file : path.normalize(path.join(path.dirname(file), decodeURIComponent(pathPart)));
      if (resolved.startsWith("..") || !existsSync(path.join(root, resolved))) {
        problems.push(`${file}:${line}: link ${target}: ${resolved} does not exist in the repository`);
      } else if (anchor !== undefined && resolved.endsWith(".md") && !anchorsOf(resolved).has(anchor)) {
        problems.push(`${file}:${line}: link ${target}: ${resolved} has no heading with the anchor #${anchor}`);
      }
    }
    for (const block of blocks) {
      if (!SHELL_LANGS.has(block.lang)) continue;
      if (block.flags.includes("runnable")) runnable.push({ file, block });
      for (const words of blockCommands(block.lines)) {
        const where = `${file}:${block.line}: ${words.join(" ")}`;
        const args = cliArguments(words);
        if (args !== null) {
          commands++;
          for (const problem of checkCliUse(args, help)) problems.push(`${where}: ${problem}`);
        }
        for (const problem of checkWords(words, root, topLevel, packages)) problems.push(`${where}: ${problem}`);
      }
    }
  }
  const ignored = ignoredByGit(root, missingPaths.map(({ text }) => text.replace(/\/$/, "")));
  for (const { file, line, text } of missingPaths) {
    if (!ignored.has(text.replace(/\/$/, ""))) problems.push(`${file}:${line}: \`${text}\` does not exist`);
  }
  // Problems first: a runnable block is not worth running next to a broken one.
  if (problems.length === 0) {
    const bin = mkdtempSync(path.join(tmpdir(), "docs-check-"));
    try {
      symlinkSync(path.resolve(binary), path.join(bin, "cdk-from-rust"));
      for (const { file, block } of runnable) {
        const started = Date.now();
        const script = block.lines.join("\n");
        const run = spawnSync("timeout", ["-k", "5", `${RUNNABLE_TIMEOUT_SECONDS}`, "bash", "-euo", "pipefail", "-c", script], {
          cwd: root,
          encoding: "utf8",
          env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
        });
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        if (run.status !== 0) {
          const why = run.status === 124 ? `timed out after ${RUNNABLE_TIMEOUT_SECONDS} s` : `exit ${run.status ?? run.signal}`;
          problems.push(`${file}:${block.line}: the runnable block failed (${why}, ${seconds} s):\n${block.lines.join("\n")}\n${run.stdout}${run.stderr}`);
        } else {
          log(`docs-check: ${file}:${block.line} ran (${seconds} s)`);
        }
      }
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  }
  log(
    `docs-check: ${files.length} files, ${links} relative links, ${commands} cdk-from-rust commands checked against --help, ${runnable.length} runnable blocks: ${problems.length} problem(s)`,
  );
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.length !== 3) {
    console.error("usage: node scripts/docs-check.mjs BINARY");
    process.exit(2);
  }
  const problems = check(process.cwd(), process.argv[2]);
  for (const problem of problems) console.error(`docs-check: ${problem}`);
  process.exit(problems.length === 0 ? 0 : 1);
}
