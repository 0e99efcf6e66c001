"""Runs docs/ci.md's GitHub Actions workflow and GitLab CI job locally (see scripts/check-ci-recipes).

The recipes are read from the doc's ```yaml blocks (the one whose first line is
`# .github/workflows/dataset.yml`, and `# .gitlab-ci.yml`) and run as the two systems run them:

- GitHub: each step of the job in order; `uses:` steps are not run, but upload-sarif's `sarif_file` must
  exist and pass scripts/check-reports; `run:` steps go to `bash -e` with the job's env, GITHUB_OUTPUT
  and GITHUB_WORKSPACE; a step runs when its `if:` holds (a step with no `if:` only while every earlier
  step succeeded). The step named "Install yoloset" is replaced by putting the built binary on PATH.
  `if:` understands what the recipe uses: always(), success(), hashFiles('F') != '',
  steps.ID.outputs.NAME == / != 'V', joined by &&; anything else is an error, so the doc cannot drift
  past what is tested here.
- GitLab: the job's `script:` lines, each with `sh -c` semantics of a GitLab runner (bash -e, job
  variables), stopping at the first that fails; its artifacts.reports files must exist (artifacts are
  `when: always`) and pass scripts/check-reports.

Each recipe runs on a scratch copy of fixtures/broken and of fixtures/bad-dumps (the job must fail,
with its reports) and of fixtures/sample (the job must pass).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

SCENARIOS = [
    # name, dumps folder, images folder (both copied to data/dumps and data/images), job must pass
    ("broken", "fixtures/broken", "fixtures/broken", False),
    ("clean", "fixtures/sample/dumps", "fixtures/sample/images", True),
    # Dumps that cannot be read: validate exits 2 with its reports written, and the job fails with them.
    ("unreadable", "fixtures/bad-dumps", "fixtures/bad-dumps/images", False),
]


def recipes(doc):
    blocks = re.findall(r"```yaml\n(.*?)```", doc, flags=re.S)
    found = {}
    for block in blocks:
        first = block.splitlines()[0].strip()
        if first == "# .github/workflows/dataset.yml":
            found["github"] = yaml.safe_load(block)
        elif first == "# .gitlab-ci.yml":
            found["gitlab"] = yaml.safe_load(block)
    missing = {"github", "gitlab"} - set(found)
    if missing:
        raise SystemExit(f"check-ci-recipes: docs/ci.md has no {', '.join(sorted(missing))} recipe")
    return found


def condition(expression, state, workspace):
    """A GitHub `if:` of the forms the recipe uses."""
    if expression is None:
        return state["ok"]
    terms = [term.strip() for term in str(expression).split("&&")]
    result = True
    for term in terms:
        if term == "always()":
            value = True
        elif term == "success()":
            value = state["ok"]
        elif m := re.fullmatch(r"hashFiles\('([^']+)'\)\s*(==|!=)\s*''", term):
            exists = os.path.exists(os.path.join(workspace, m.group(1)))
            value = exists if m.group(2) == "!=" else not exists
        elif m := re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)\s*(==|!=)\s*'([^']*)'", term):
            actual = state["outputs"].get(m.group(1), {}).get(m.group(2), "")
            value = (actual == m.group(4)) if m.group(3) == "==" else (actual != m.group(4))
        else:
            raise SystemExit(f"check-ci-recipes: cannot evaluate `if: {expression}` (term {term!r})")
        result = result and value
    # A condition without always() still needs the earlier steps to have succeeded.
    if "always()" not in terms:
        result = result and state["ok"]
    return result


def run_github(workflow, workspace, env, log):
    job = next(iter(workflow["jobs"].values()))
    env = dict(env, **{k: str(v) for k, v in (job.get("env") or {}).items()})
    state = {"ok": True, "outputs": {}}
    reports = []
    for step in job["steps"]:
        name = step.get("name", step.get("uses", "?"))
        if name == "Install yoloset":
            log(f"  github: {name}: yoloset on PATH")
            continue
        if not condition(step.get("if"), state, workspace):
            log(f"  github: {name}: skipped (if: {step.get('if', 'success()')})")
            continue
        if "uses" in step:
            if step["uses"].startswith("github/codeql-action/upload-sarif"):
                reports.append(os.path.join(workspace, step["with"]["sarif_file"]))
            log(f"  github: {name}: {step['uses']} (not run here)")
            continue
        output = os.path.join(workspace, ".github-output")
        open(output, "w").close()
        run = subprocess.run(
            ["bash", "-e", "-c", step["run"]],
            cwd=workspace,
            env=dict(env, GITHUB_OUTPUT=output, GITHUB_WORKSPACE=workspace),
            capture_output=True,
            text=True,
            check=False,
        )
        outputs = {}
        with open(output, encoding="utf-8") as handle:
            for line in handle:
                if "=" in line:
                    key, value = line.rstrip("\n").split("=", 1)
                    outputs[key] = value
        if "id" in step:
            state["outputs"][step["id"]] = outputs
        annotations = [line for line in run.stdout.splitlines() if line.startswith("::")]
        log(f"  github: {name}: exit {run.returncode}, {len(annotations)} annotations, outputs {outputs}")
        if run.returncode != 0:
            state["ok"] = False
        if run.stderr.strip() and run.returncode not in (0, 1):
            log("    " + run.stderr.strip().replace("\n", "\n    "))
    return state["ok"], reports


def run_gitlab(pipeline, workspace, env, log):
    name, job = next((k, v) for k, v in pipeline.items() if isinstance(v, dict) and "script" in v)
    env = dict(env, **{k: str(v) for k, v in (job.get("variables") or {}).items()})
    ok = True
    for line in job["script"]:
        run = subprocess.run(
            ["bash", "-e", "-c", line], cwd=workspace, env=env, capture_output=True, text=True, check=False
        )
        log(f"  gitlab: {name}: `{line[:60]}...` exit {run.returncode}")
        if run.returncode != 0:
            ok = False
            break
    reports = [os.path.join(workspace, path) for path in (job["artifacts"]["reports"] or {}).values()]
    return ok, reports


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--yoloset", required=True)
    args = parser.parse_args()
    with open(os.path.join(args.root, "docs/ci.md"), encoding="utf-8") as handle:
        found = recipes(handle.read())
    bin_dir = tempfile.mkdtemp(prefix="yoloset-ci-bin-")
    os.symlink(os.path.abspath(args.yoloset), os.path.join(bin_dir, "yoloset"))
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"], NO_COLOR="1")
    problems = []
    for system, runner in (("github", run_github), ("gitlab", run_gitlab)):
        for scenario, dumps, images, must_pass in SCENARIOS:
            workspace = tempfile.mkdtemp(prefix=f"yoloset-ci-{system}-{scenario}-")
            try:
                os.makedirs(os.path.join(workspace, "data"))
                shutil.copytree(os.path.join(args.root, dumps), os.path.join(workspace, "data/dumps"))
                shutil.copytree(os.path.join(args.root, images), os.path.join(workspace, "data/images"))
                subprocess.run(["git", "init", "-q", workspace], check=True)
                print(f"{system} on {scenario} ({dumps}):")
                ok, reports = runner(found[system], workspace, env, print)
                if ok != must_pass:
                    problems.append(f"{system} on {scenario}: the job {'passed' if ok else 'failed'}")
                missing = [r for r in reports if not os.path.exists(r)]
                if missing or not reports:
                    problems.append(f"{system} on {scenario}: no report at {missing or 'any path'}")
                else:
                    check = subprocess.run(
                        [os.path.join(args.root, "scripts/check-reports")] + reports,
                        capture_output=True,
                        text=True,
                        check=False,
                    )
                    print("  " + check.stdout.strip().replace(workspace + "/", "").replace("\n", "\n  "))
                    if check.returncode != 0:
                        problems.append(f"{system} on {scenario}: {check.stderr.strip()}")
                print(f"  job {'passed' if ok else 'failed'} (expected: {'pass' if must_pass else 'fail'})")
            finally:
                shutil.rmtree(workspace, ignore_errors=True)
    shutil.rmtree(bin_dir, ignore_errors=True)
    for problem in problems:
        print(f"check-ci-recipes: {problem}", file=sys.stderr)
    runs = 2 * len(SCENARIOS)
    failed = len(set(p.split(":")[0] for p in problems))
    print(f"check-ci-recipes: {runs - failed} of {runs} runs as documented")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
