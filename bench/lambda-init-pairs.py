"""Paired Lambda init timings, devbox's Java handlers against upstream's Python handler
(BENCHMARKS.md 1c). Run by bench/lambda-init-paired.sh, which builds what this needs.

Init is what Lambda does before the first event, without SnapStart:
- devbox: a fresh JVM with Lambda's flags on the function's packaged lib/ (trimmed
  target/lambda/lib, and the untrimmed target/lambda-full/lib), loading the handler class and
  calling its no-arg constructor (bench/.../child/HandlerInitChild);
- upstream: a fresh interpreter importing the handler's module and looking the handler up, as
  Lambda's Python bootstrap does. Upstream's module-level code builds no boto3 client (its
  handlers build them per event), so a second figure adds the clients the paired handler builds
  before its first request: the like-for-like work devbox does in its constructor.
Times run from just before the child process is started (this process's CLOCK_MONOTONIC) to the
child's reading of the same clock once the handler is ready (Java's nanoTime, Python's
monotonic_ns). Each pair runs upstream, devbox trimmed, devbox untrimmed and devbox trimmed with
an AppCDS archive of its init (dumped by one training run first: how much of the gap is class
loading), the order reversed every other pair; ratios are taken pair by pair.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

# devbox function -> (module, handler class, upstream handler paired with it, the clients that handler builds)
FUNCTIONS = [
    ("snapshot-fn", "dev.devbox.snapshot.SnapshotHandler", "create_snapshots", "tables ec2_resource"),
    ("ami-fn", "dev.devbox.ami.AmiHandler", "create_image", "tables ec2_client ec2_resource"),
    ("cleanup-fn", "dev.devbox.cleanup.CleanupHandler", "delete_volume", "tables ec2_client"),
    # Upstream has no reconciler or control plane function; its largest client set stands in.
    ("cleanup-fn", "dev.devbox.cleanup.ReconcileHandler", "create_image", "tables ec2_client ec2_resource"),
    ("control-fn", "dev.devbox.controlplane.ControlHandler", "create_image", "tables ec2_client ec2_resource"),
]
UPSTREAM_MODULE = "snapshot_lambda"
JVM_FLAGS = ["-XX:+UseSerialGC", "-Xshare:auto"]
TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"  # template.yaml's JAVA_TOOL_OPTIONS

# Upstream's init, then the paired handler's clients, built by upstream's own functions.
PYTHON_CHILD = r"""
import sys, time
start = time.monotonic_ns()
sys.path.insert(0, sys.argv[1])
if sys.argv[4] == "phases":
    import boto3
boto = time.monotonic_ns()
module = __import__(sys.argv[2])
handler = getattr(module, sys.argv[3])
ready = time.monotonic_ns()
for kind in sys.argv[5].split():
    {"tables": module._load_tables, "ec2_client": module.utils.get_ec2_client,
     "ec2_resource": module.utils.get_ec2_resource}[kind]()
clients = time.monotonic_ns()
print(f"INIT start={start} boto={boto} ready={ready} clients={clients} handler={handler.__name__}")
"""


def environment(work):
    """Lambda-like settings that are valid but lead nowhere: no profile files, no instance metadata."""
    none = os.path.join(work, "none")
    return {
        "PATH": os.environ["PATH"], "HOME": os.path.join(work, "home"), "LANG": "C.UTF-8", "TZ": "UTC",
        "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "AKIDLAMBDAINITBENCH", "AWS_SECRET_ACCESS_KEY": "lambda-init-bench",
        "AWS_SESSION_TOKEN": "lambda-init-bench", "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": none, "AWS_SHARED_CREDENTIALS_FILE": none,
        "AWS_LAMBDA_FUNCTION_NAME": "lambda-init-bench",
        "JAVA_TOOL_OPTIONS": TOOL_OPTIONS,
        # devbox: template.yaml's Globals, and the control plane's own variables
        "DEVBOX_STACK": "bench", "DEVBOX_DEPLOYMENT": "0a1b2c3d", "DEVBOX_TABLE": "bench-ProjectsTable",
        "DEVBOX_EVENT_BUS": "default", "DEVBOX_RETAIN_AMIS": "3", "DEVBOX_STUCK_MINUTES": "30",
        "DEVBOX_ALLOWED_INSTANCE_TYPES": "", "DEVBOX_MAX_RUNNING_BOXES_PER_OWNER": "2", "DEVBOX_MAX_VOLUME_GIB": "",
        "DEVBOX_ALLOWED_SSH_CIDRS": "", "DEVBOX_ADMIN_PRINCIPALS": "", "DEVBOX_ALLOWED_IMAGE_OWNERS": "",
        "DEVBOX_DEFAULT_INSTANCE_TYPE": "t3.medium", "DEVBOX_SECURITY_GROUP": "sg-0123456789abcdef0",
        "DEVBOX_LAUNCH_TEMPLATE": "lt-0123456789abcdef0", "DEVBOX_SUBNETS": "subnet-0123456789abcdef0",
        "DEVBOX_EBS_KMS_KEY": "", "DEVBOX_PRIVATE_BOXES": "Never", "DEVBOX_TUNNEL_ENDPOINT": "",
        # upstream's handlers read these
        "MAIN_TABLE": "bench-main", "META_TABLE": "bench-meta", "PARAM_PREFIX": "/devbox",
    }


def run(command, env, pattern):
    """Starts the command, returns (the clock just before, the key=value fields of its line starting pattern)."""
    t0 = time.monotonic_ns()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith(pattern)]
    if done.returncode != 0 or not lines:
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stdout}{done.stderr}")
    return t0, dict(re.findall(r"(\w+)=(\S+)", lines[0]))


class Runner:
    def __init__(self, args):
        self.args = args
        self.env = environment(args.work)
        os.makedirs(self.env["HOME"], exist_ok=True)

    def java(self, module, lib, main, handler, extra=()):
        cp = f"{self.args.children}:{self.args.root}/{module}/target/{lib}/lib/*"
        return [self.args.java, *JVM_FLAGS, *extra, "-cp", cp, f"dev.devbox.bench.child.{main}", handler]

    def devbox(self, module, lib, handler, extra=()):
        t0, f = run(self.java(module, lib, "HandlerInitChild", handler, extra), self.env, "INIT")
        return (int(f["ready"]) - t0) / 1e6

    def archive(self, module, handler):
        """An AppCDS archive of what this handler's init loads, dumped at the exit of one training run."""
        jsa = os.path.join(self.args.work, f"{handler}.jsa")
        self.devbox(module, "lambda", handler, [f"-XX:ArchiveClassesAtExit={jsa}"])
        # -Xshare:auto would run on without an archive it cannot map; -Xshare:on fails instead.
        self.devbox(module, "lambda", handler, [f"-XX:SharedArchiveFile={jsa}", "-Xshare:on"])
        return [f"-XX:SharedArchiveFile={jsa}"]

    def python(self, handler, clients, mode="init"):
        return [self.args.python, "-B", "-c", PYTHON_CHILD, self.args.lambdas, UPSTREAM_MODULE, handler, mode, clients]

    def upstream(self, handler, clients, mode="init"):
        t0, f = run(self.python(handler, clients, mode), self.env, "INIT")
        return {k: (int(f[k]) - t0) / 1e6 for k in ("start", "boto", "ready", "clients")}


def fmt(values, digits=0):
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def paired(r, runs):
    times, ratios = [], []
    for module, handler, theirs, clients in FUNCTIONS:
        name = f"{module} ({handler.rsplit('.', 1)[1]})"
        print(f"bench: {name} against {theirs}", file=sys.stderr)
        cds = r.archive(module, handler)
        steps = {
            "up": lambda: r.upstream(theirs, clients),
            "trim": lambda: r.devbox(module, "lambda", handler),
            "full": lambda: r.devbox(module, "lambda-full", handler),
            "cds": lambda: r.devbox(module, "lambda", handler, cds),
        }
        for step in steps.values():  # one unrecorded warm-up each (page cache, Python's bytecode of site-packages)
            step()
        got = {step: [] for step in steps}
        for i in range(runs):
            order = ["up", "trim", "full", "cds"] if i % 2 == 0 else ["cds", "full", "trim", "up"]
            for step in order:
                got[step].append(steps[step]())
        up = [u["ready"] for u in got["up"]]
        upc = [u["clients"] for u in got["up"]]
        trim, full, appcds = got["trim"], got["full"], got["cds"]
        times.append(f"| {name} | `{theirs}` ({clients.replace(' ', ', ')}) | {fmt(up)} | {fmt(upc)} | {fmt(trim)}"
                     f" | {fmt(full)} | {fmt(appcds)} |")
        per_pair = lambda a, b: fmt([x / y for x, y in zip(a, b)], 2)  # noqa: E731
        ratios.append(f"| {name} | **{per_pair(trim, up)}** | {per_pair(trim, upc)} | {per_pair(trim, full)}"
                      f" | {per_pair(appcds, up)} | {per_pair(appcds, upc)} |")
    print("Init, ms, median (min-max):\n")
    print("| function (handler) | upstream handler (its clients) | upstream init | upstream init + its clients"
          " | devbox trimmed | devbox untrimmed | devbox trimmed + AppCDS |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(times))
    print("\nRatios taken pair by pair, median (min-max):\n")
    print("| function (handler) | **devbox trimmed / upstream init** | devbox trimmed / upstream init + clients"
          " | trimmed / untrimmed | trimmed + AppCDS / upstream init | trimmed + AppCDS / upstream init + clients |")
    print("|---|---|---|---|---|---|")
    print("\n".join(ratios))


def network_check(r):
    """Each child once under strace: the connect() calls it makes during init (none may reach an IP address)."""
    print("\nNetwork during init (each child once under `strace -f -e trace=connect`; connect() calls by family):\n")
    commands = [(f"devbox {handler.rsplit('.', 1)[1]} (trimmed lib)", r.java(module, "lambda", "HandlerInitChild", handler))
                for module, handler, _, _ in FUNCTIONS]
    commands.append(("upstream snapshot_lambda + create_image's clients",
                     r.python("create_image", "tables ec2_client ec2_resource")))
    for label, command in commands:
        trace = os.path.join(r.args.work, "strace.txt")
        subprocess.run(["strace", "-f", "-qq", "-e", "trace=connect", "-o", trace, *command], env=r.env,
                       capture_output=True, check=True)
        families = re.findall(r"connect\(\d+, \{sa_family=(\w+)", open(trace).read())
        counts = ", ".join(f"{f} {families.count(f)}" for f in sorted(set(families))) or "none"
        inet = sum(f in ("AF_INET", "AF_INET6") for f in families)
        print(f"- {label}: {counts}{'' if inet == 0 else '  **<- reaches the network**'}")


def class_counts(r):
    """One run per lib with -Xlog:class+load: what the JVM loads to construct the handler."""
    print("\nClasses loaded from JVM start to handler constructed (one run each, `-Xlog:class+load`):\n")
    print("| function (handler) | lib | all | from the JDK's CDS archive | from JDK modules | from the function's"
          " jars | generated at run time (lambdas, method handles) | AWS SDK | of which regions.servicemetadata"
          " | Jackson | devbox |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for module, handler, _, _ in FUNCTIONS:
        for lib in ("lambda", "lambda-full"):
            log = os.path.join(r.args.work, "classes.txt")
            run(r.java(module, lib, "HandlerInitChild", handler, [f"-Xlog:class+load=info:file={log}"]), r.env, "INIT")
            lines = [line for line in open(log) if " source: " in line]
            cds = sum("source: shared objects file" in line for line in lines)
            jdk = sum("source: jrt:/" in line for line in lines)
            jars = sum("source: file:" in line for line in lines)
            count = lambda prefix: sum(f" {prefix}" in line for line in lines)  # noqa: E731
            print(f"| {module} ({handler.rsplit('.', 1)[1]}) | {lib}/lib | {len(lines)} | {cds} | {jdk} | {jars}"
                  f" | {len(lines) - cds - jdk - jars} | {count('software.amazon.awssdk.')}"
                  f" | {count('software.amazon.awssdk.regions.servicemetadata.')} | {count('com.fasterxml.')}"
                  f" | {count('dev.devbox.')} |")


def phases(r, runs):
    """Where the time goes: devbox's pieces built one at a time (HandlerInitPhases), upstream's import in two."""
    print(f"\nPhases, ms, median (min-max) of {runs} runs each (not paired; trimmed lib). devbox: JVM start ->"
          " main; the URL-connection HTTP client and credentials chain (TLS context); the first SDK client (ec2:"
          " carries the SDK core, region and service metadata); dynamodb; eventbridge; then the handler's"
          " constructor (Dagger graph, devbox's objects, its own clients again, now cheap; control-fn's SSM"
          " client).\n")
    print("| function (handler) | JVM start -> main | HTTP client + credentials | ec2 client | dynamodb client"
          " | eventbridge client | handler constructor | total |")
    print("|---|---|---|---|---|---|---|---|")
    for module, handler, _, _ in FUNCTIONS:
        rows = []
        for _ in range(runs):
            t0, f = run(r.java(module, "lambda", "HandlerInitPhases", handler), r.env, "PHASES")
            rows.append([(int(f["main"]) - t0) / 1e6] + [float(f[k]) for k in
                                                          ("http", "ec2", "dynamodb", "eventbridge", "handler")])
        cols = list(zip(*rows))
        print(f"| {module} ({handler.rsplit('.', 1)[1]}) | " + " | ".join(fmt(c) for c in cols)
              + f" | {fmt([sum(x) for x in rows])} |")
    ups = [r.upstream("create_image", "tables ec2_client ec2_resource", "phases") for _ in range(runs)]
    print("\n| upstream (Python) | interpreter start -> first line | `import boto3` | rest of `import snapshot_lambda`"
          " (devbox package: its CLI, rich, click, cloudflare, pydantic) | create_image's clients (2 tables,"
          " ec2 client, ec2 resource) | total |")
    print("|---|---|---|---|---|---|")
    cols = [[u["start"] for u in ups], [u["boto"] - u["start"] for u in ups], [u["ready"] - u["boto"] for u in ups],
            [u["clients"] - u["ready"] for u in ups], [u["clients"] for u in ups]]
    print("| snapshot_lambda | " + " | ".join(fmt(c) for c in cols) + " |")


def main():
    p = argparse.ArgumentParser()
    for name in ("root", "lambdas", "python", "java", "children", "work"):
        p.add_argument(f"--{name}", required=True)
    p.add_argument("--runs", type=int, default=9)
    p.add_argument("--phase-runs", type=int, default=5)
    args = p.parse_args()
    r = Runner(args)
    paired(r, args.runs)
    print(f"\nn={args.runs} pairs per function after one warm-up of each; median (min-max); ratios per pair.")
    network_check(r)
    class_counts(r)
    phases(r, args.phase_runs)


if __name__ == "__main__":
    main()
