"""Runs docs/ci.md's recipes locally (see scripts/check-ci-recipes): the GitHub Actions workflows, the
GitLab CI job and the Kubernetes Indexed Job.

The recipes are read from the doc's ```yaml blocks, by their first line (`# .github/workflows/dataset.yml`,
`# .github/workflows/dataset-sharded.yml`, `# .gitlab-ci.yml`, `# k8s/yoloset-validate.yaml` and
`# k8s/yoloset-report.yaml`), and run as those systems run them:

- GitHub: each step of the job in order; `uses:` steps are not run, but upload-sarif's `sarif_file` must
  exist and pass scripts/check-reports; `run:` steps go to `bash -e` with the job's env, GITHUB_OUTPUT
  and GITHUB_WORKSPACE; a step runs when its `if:` holds (a step with no `if:` only while every earlier
  step succeeded). The step named "Install yoloset" is replaced by putting the built binary on PATH.
  Jobs run in `needs:` order, each on a fresh copy of the checkout, once per entry of its
  `strategy.matrix` (`${{ matrix.NAME }}` replaced in `run:` and `with:`); a job runs only when the jobs
  it needs succeeded. actions/upload-artifact and actions/download-artifact (`pattern`, `path`,
  `merge-multiple`) are carried out by copying files; other `uses:` steps are not run.
  `if:` understands what the recipe uses: always(), success(), hashFiles('F') != '',
  steps.ID.outputs.NAME == / != 'V', joined by &&; anything else is an error, so the doc cannot drift
  past what is tested here.
- GitLab: the job's `script:` lines, each with `sh -c` semantics of a GitLab runner (bash -e, job
  variables), stopping at the first that fails; its artifacts.reports files must exist (artifacts are
  `when: always`) and pass scripts/check-reports.

- Kubernetes: the Indexed Job's container `command` runs `completions` times in the checkout (its
  `workingDir`), with `JOB_COMPLETION_INDEX` from 0; the Job is complete when every pod exits 0 (its
  `backoffLimit` is 0). Then the report Job's command runs; its exit status is the verdict, and the
  file its `--output` names is its report.

Each recipe runs on a scratch copy of fixtures/broken and of fixtures/bad-dumps (the job must fail,
with its reports) and of fixtures/sample (the job must pass).
"""

import argparse
import fnmatch
import itertools
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
        names = {
            "# .github/workflows/dataset.yml": "github",
            "# .github/workflows/dataset-sharded.yml": "github-sharded",
            "# .gitlab-ci.yml": "gitlab",
            "# k8s/yoloset-validate.yaml": "k8s-validate",
            "# k8s/yoloset-report.yaml": "k8s-report",
        }
        if first in names:
            found[names[first]] = yaml.safe_load(block)
    missing = {"github", "github-sharded", "gitlab", "k8s-validate", "k8s-report"} - set(found)
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


def substitute(text, matrix):
    """`${{ matrix.NAME }}` replaced; any other expression is an error (the doc cannot drift)."""

    def value(m):
        expression = m.group(1).strip()
        if expression.startswith("matrix.") and expression[len("matrix.") :] in matrix:
            return str(matrix[expression[len("matrix.") :]])
        raise SystemExit(f"check-ci-recipes: cannot evaluate ${{{{ {expression} }}}}")

    return re.sub(r"\$\{\{(.*?)\}\}", value, str(text))


def matrix_entries(job):
    matrix = (job.get("strategy") or {}).get("matrix")
    if not matrix:
        return [{}]
    if set(matrix) & {"include", "exclude"}:
        raise SystemExit("check-ci-recipes: matrix include/exclude are not run here")
    keys = sorted(matrix)
    return [dict(zip(keys, values)) for values in itertools.product(*(matrix[k] for k in keys))]


def run_github_job(name, job, workspace, env, log, matrix, artifacts):
    env = dict(env, **{k: substitute(v, matrix) for k, v in (job.get("env") or {}).items()})
    state = {"ok": True, "outputs": {}}
    reports = []
    label = f"{name}{' ' + str(matrix) if matrix else ''}"
    for step in job["steps"]:
        step_name = step.get("name", step.get("uses", "?"))
        if step_name == "Install yoloset":
            log(f"  github: {label}: {step_name}: yoloset on PATH")
            continue
        if not condition(step.get("if"), state, workspace):
            log(f"  github: {label}: {step_name}: skipped (if: {step.get('if', 'success()')})")
            continue
        if "uses" in step:
            uses = step["uses"]
            given = {k: substitute(v, matrix) for k, v in (step.get("with") or {}).items()}
            if uses.startswith("github/codeql-action/upload-sarif"):
                reports.append(os.path.join(workspace, given["sarif_file"]))
            elif uses.startswith("actions/upload-artifact"):
                source = os.path.join(workspace, given["path"])
                if not os.path.isfile(source):
                    log(f"  github: {label}: {step_name}: no file {given['path']}")
                    state["ok"] = False
                    continue
                folder = os.path.join(artifacts, given["name"])
                os.makedirs(folder, exist_ok=True)
                shutil.copy(source, folder)
            elif uses.startswith("actions/download-artifact"):
                target = os.path.join(workspace, given["path"])
                for artifact in sorted(os.listdir(artifacts)):
                    if not fnmatch.fnmatch(artifact, given.get("pattern", "*")):
                        continue
                    into = target if str(given.get("merge-multiple")).lower() == "true" else os.path.join(target, artifact)
                    os.makedirs(into, exist_ok=True)
                    for file in os.listdir(os.path.join(artifacts, artifact)):
                        shutil.copy(os.path.join(artifacts, artifact, file), into)
            log(f"  github: {label}: {step_name}: {uses}")
            continue
        output = os.path.join(workspace, ".github-output")
        open(output, "w").close()
        run = subprocess.run(
            ["bash", "-e", "-c", substitute(step["run"], matrix)],
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
        log(f"  github: {label}: {step_name}: exit {run.returncode}, {len(annotations)} annotations, outputs {outputs}")
        if run.returncode != 0:
            state["ok"] = False
        if run.stderr.strip() and run.returncode not in (0, 1):
            log("    " + run.stderr.strip().replace("\n", "\n    "))
    return state["ok"], reports


def run_github(workflow, workspace, env, log):
    """Every job in `needs:` order, each matrix entry on its own copy of the checkout."""
    jobs = workflow["jobs"]
    done = {}
    reports = []
    artifacts = workspace + "-artifacts"
    os.makedirs(artifacts, exist_ok=True)
    runs = 0

    def needs(job):
        return [job["needs"]] if isinstance(job.get("needs"), str) else job.get("needs") or []

    while len(done) < len(jobs):
        ready = [name for name, job in jobs.items() if name not in done and all(n in done for n in needs(job))]
        if not ready:
            raise SystemExit("check-ci-recipes: the workflow's needs: form a cycle")
        for name in ready:
            job = jobs[name]
            if not all(done[n] for n in needs(job)):
                log(f"  github: {name}: skipped (a job it needs failed)")
                done[name] = False
                continue
            ok = True
            for matrix in matrix_entries(job):
                runs += 1
                copy = f"{workspace}-job-{runs}"
                shutil.copytree(workspace, copy, symlinks=True)
                job_ok, job_reports = run_github_job(name, job, copy, env, log, matrix, artifacts)
                ok = ok and job_ok
                reports += job_reports
            done[name] = ok
    return all(done.values()), reports


def run_k8s(validate_job, report_job, workspace, env, log):
    """The Indexed Job's pods, then the report Job, in the checkout (their workingDir)."""
    spec = validate_job["spec"]
    if spec.get("completionMode") != "Indexed":
        raise SystemExit("check-ci-recipes: the validate Job is not an Indexed Job")

    def container(job):
        containers = job["spec"]["template"]["spec"]["containers"]
        if len(containers) != 1:
            raise SystemExit("check-ci-recipes: a Job with more than one container")
        return containers[0]

    def run(command, extra):
        return subprocess.run(command, cwd=workspace, env=dict(env, **extra), capture_output=True, text=True, check=False)

    pod = container(validate_job)
    command = pod["command"] + pod.get("args", [])
    complete = True
    for index in range(int(spec["completions"])):
        result = run(command, {"JOB_COMPLETION_INDEX": str(index)})
        log(f"  k8s: {validate_job['metadata']['name']} pod {index}: exit {result.returncode}")
        if result.returncode != 0:
            complete = False
            log("    " + result.stderr.strip().replace("\n", "\n    "))
    if not complete:
        log("  k8s: the Indexed Job failed; the report Job is not started")
        return False, []
    pod = container(report_job)
    command = pod["command"] + pod.get("args", [])
    result = run(command, {})
    log(f"  k8s: {report_job['metadata']['name']}: exit {result.returncode}")
    if result.returncode not in (0, 1):
        log("    " + result.stderr.strip().replace("\n", "\n    "))
    words = " ".join(command).split()
    reports = [os.path.join(workspace, words[i + 1]) for i, word in enumerate(words[:-1]) if word == "--output"]
    return result.returncode == 0, reports


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
    runners = (
        ("github", lambda workspace, log: run_github(found["github"], workspace, env, log)),
        ("github-sharded", lambda workspace, log: run_github(found["github-sharded"], workspace, env, log)),
        ("gitlab", lambda workspace, log: run_gitlab(found["gitlab"], workspace, env, log)),
        ("k8s", lambda workspace, log: run_k8s(found["k8s-validate"], found["k8s-report"], workspace, env, log)),
    )
    for system, runner in runners:
        for scenario, dumps, images, must_pass in SCENARIOS:
            workspace = tempfile.mkdtemp(prefix=f"yoloset-ci-{system}-{scenario}-")
            try:
                os.makedirs(os.path.join(workspace, "data"))
                shutil.copytree(os.path.join(args.root, dumps), os.path.join(workspace, "data/dumps"))
                shutil.copytree(os.path.join(args.root, images), os.path.join(workspace, "data/images"))
                subprocess.run(["git", "init", "-q", workspace], check=True)
                print(f"{system} on {scenario} ({dumps}):")
                ok, reports = runner(workspace, print)
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
                parent = os.path.dirname(workspace)
                for entry in os.listdir(parent):
                    if os.path.join(parent, entry).startswith(workspace):
                        shutil.rmtree(os.path.join(parent, entry), ignore_errors=True)
    shutil.rmtree(bin_dir, ignore_errors=True)
    for problem in problems:
        print(f"check-ci-recipes: {problem}", file=sys.stderr)
    runs = len(runners) * len(SCENARIOS)
    failed = len(set(p.split(":")[0] for p in problems))
    print(f"check-ci-recipes: {runs - failed} of {runs} runs as documented")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
