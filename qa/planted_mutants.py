#!/usr/bin/env python3
"""Planted semantic mutants: small data-safety bugs of the kinds a reviewer plants.

Each mutant replaces one exact piece of main code. `python3 qa/planted_mutants.py`
applies them one at a time in a scratch worktree (never in this checkout), runs the
module's unit tests and the integration tests named for it (a subset of `./mvnw -B
verify`, so a failure there fails verify),
and prints the table: mutant, killed or SURVIVED, and the first failing test.
Options: --only ID[,ID...]  --schedules N (random schedules per run, default 30)
         --cli  judge the mutants with the CLI's lifecycle ITs instead (the real `devbox`
                commands with the pipeline in-process under the history oracle)
         --team the "nobody gets in where they don't belong" mutants instead: owner checks,
                team rules and the control plane, judged by the domain's and control-fn's unit
                tests, ProjectStoreIT, ControlPlaneIT and TeamIT
Needs the build installed once (`./mvnw -B -ntp install -DskipTests`) for -o runs.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

SRC = "shared/src/main/java/dev/devbox/"
SCHEDULES = "RandomSchedulesIT"
# The CLI's ITs that run the pipeline (--cli).
CLI_ITS = "LifecycleIT,RollbackIT,StoppedBoxIT,LaunchRecoveryIT"

# Left out as equivalent: "register the AMI once any snapshot completed" (ImageRegistrar's
# all-COMPLETED guard) cannot be reached, because register() runs only in IMAGING, which only the
# transaction that counts the last completion enters; the guard stays as defence in depth.

# (id, what the bug is, file, old, new, tests that should kill it)
MUTANTS = [
    ("launch-forgets-a-started-box",
     "a failed RunInstances releases the claim without looking for the box it may have started",
     "control/launch/BoxLaunches.java",
     "            found = lookForBox(cycle);",
     "            found = Optional.empty();",
     ["ControlPlaneIT"]),
    ("delete-after-snapshot",
     "delete each source volume right after its snapshot is created",
     "pipeline/SnapshotTaker.java",
     "                cycles.recordSnapshot(cycle, volume.deviceName(), snapshotId);\n",
     "                cycles.recordSnapshot(cycle, volume.deviceName(), snapshotId);\n"
     "                ec2.deleteVolume(volume.mapping().volumeId());\n",
     [SCHEDULES, "HappyPathIT"]),
    ("snapshot-on-shutting-down",
     "snapshot on shutting-down instead of terminated",
     "pipeline/InstanceEventService.java",
     'if ("terminated".equals(change.state())) {',
     'if ("terminated".equals(change.state()) || "shutting-down".equals(change.state())) {',
     [SCHEDULES]),
    ("delete-failed-cycle-volumes",
     "cleanup deletes the volumes of every recorded cycle, FAILED ones included",
     "pipeline/Cleaner.java",
     ".filter(v -> imaged.contains(v.generation())).toList();",
     ".toList();",
     [SCHEDULES]),
    ("retire-newest-first",
     "retention sorts oldest first, so it retires the newest AMIs",
     "pipeline/Cleaner.java",
     "newestFirst.sort(Comparator.comparingLong(RetainedImage::generation).reversed());",
     "newestFirst.sort(Comparator.comparingLong(RetainedImage::generation));",
     [SCHEDULES, "HappyPathIT"]),
    ("retain-one-fewer",
     "retention keeps one AMI fewer than the stack's setting",
     "pipeline/Cleaner.java",
     "for (RetainedImage old : newestFirst.subList(settings.retainImages(), newestFirst.size())) {",
     "for (RetainedImage old : newestFirst.subList(settings.retainImages() - 1, newestFirst.size())) {",
     [SCHEDULES, "HappyPathIT"]),
    ("snapshots-before-deregister",
     "retirement deletes an old AMI's snapshots before deregistering it",
     "pipeline/Cleaner.java",
     "            ec2.deregisterImage(old.imageId());\n        }\n",
     "        }\n        image.ifPresent(i -> old.snapshotIds().forEach(ec2::deleteSnapshot));\n"
     "        image.ifPresent(i -> ec2.deregisterImage(old.imageId()));\n",
     [SCHEDULES, "HappyPathIT"]),
    ("cleanup-trusts-the-table",
     "cleanup deletes a recorded volume without checking devbox's own tags on it",
     "pipeline/Cleaner.java",
     "} else if (!Ownership.ownedByCycle(view.tags(), settings.stack(), cycle)) {\n"
     "                // Not provably ours",
     "} else if (false) {\n                // Not provably ours",
     ["ReviewDefectsIT"]),
    ("snapshot-untagged-volume",
     "a volume the table names is snapshotted without checking the box's tags on it",
     "pipeline/SnapshotTaker.java",
     "if (view != null && !Ownership.ownedByCycle(view.tags(), settings.stack(), cycle)) {",
     "if (false) {",
     ["ReviewDefectsIT"]),
    ("adopt-ami-by-tags",
     "a same-named AMI is adopted after a tag check only",
     "pipeline/ImageRegistrar.java",
     "if (!Set.copyOf(adopted.get().snapshotIds()).equals(cycleSnapshots(volumes))) {",
     "if (false) {",
     ["ReviewDefectsIT"]),
    ("adopt-foreign-ami",
     "a same-named AMI is adopted without any ownership check",
     "pipeline/ImageRegistrar.java",
     "if (!Ownership.ownedByCycle(adopted.get().tags(), settings.stack(), cycle)) {",
     "if (false) {",
     ["ReviewDefectsIT", "UnreliableDeliveryIT"]),
    ("late-volumes-ignored",
     "volumes attached after launch are never added to the mapping",
     "pipeline/MappingCapture.java",
     "            return captureAttachedLater(project, instance, step);",
     "            return false;",
     [SCHEDULES, "ReviewDefectsIT"]),
    ("adopt-snapshot-of-any-volume",
     "a retry adopts an earlier snapshot of the same device whatever volume it came from",
     "pipeline/SnapshotTaker.java",
     'earlier.put(s.tags().get(ResourceNames.TAG_DEVICE) + "|" + s.volumeId(), s);',
     'earlier.put(s.tags().get(ResourceNames.TAG_DEVICE) + "|" + volumeOf(s), s);',
     [SCHEDULES, "SdkFaultsIT"]),
    ("stale-instance-event",
     "an instance event is acted on without checking it is the current cycle's instance",
     "pipeline/InstanceEventService.java",
     "if (project == null || project.generation() != cycle.get().generation()\n"
     "                || !change.instanceId().equals(project.instanceId())) {",
     "if (project == null) {",
     [SCHEDULES, "UnreliableDeliveryIT"]),
    ("ready-any-generation",
     "an AMI event marks the project READY without checking the generation",
     "pipeline/ImageFinisher.java",
     "        if (project == null || project.generation() != cycle.generation()) {\n"
     '            step.outcome("stale");',
     "        if (project == null) {\n"
     '            step.outcome("stale");',
     [SCHEDULES, "UnreliableDeliveryIT"]),
    ("ami-name-per-stack-name",
     "AMI names leave out the stack deployment, so a redeployed stack meets its predecessor's AMIs",
     "pipeline/ImageRegistrar.java",
     "ResourceNames.imageName(settings.stack(), settings.deployment(), cycle);",
     "ResourceNames.imageName(settings.stack(), cycle);",
     ["ReviewDefectsIT"]),
    ("transitions-drop-generation",
     "the guard of launch, failure and attempt transitions drops the generation",
     "adapter/dynamodb/Transitions.java",
     '"#state = :expectedState AND #generation = :expectedGeneration",\n'
     '                Map.of(":expectedState", Values.s(expected.name()),\n'
     '                        ":expectedGeneration", Values.n(cycle.generation())),\n'
     '                Attr.STATE, Attr.GENERATION);',
     '"#state = :expectedState",\n'
     '                Map.of(":expectedState", Values.s(expected.name())),\n'
     '                Attr.STATE);',
     ["StaleTransitionsIT"]),
    ("finish-cleanup-any-generation",
     "finishCleanup's condition drops the generation",
     "adapter/dynamodb/DynamoCycleStore.java",
     '"#state = :ready AND #generation = :generation AND #activeState = :cleanup"',
     '"#state = :ready AND (#generation = :generation OR #generation <> :generation) AND #activeState = :cleanup"',
     ["StaleTransitionsIT"]),
    ("pending-image-any-generation",
     "recordPendingImage's condition drops the generation",
     "adapter/dynamodb/DynamoCycleStore.java",
     '.when("#state = :imaging AND #generation = :generation"\n'
     '                                + " AND (attribute_not_exists(#pendingImageId)',
     '.when("#state = :imaging AND (#generation = :generation OR #generation <> :generation)"\n'
     '                                + " AND (attribute_not_exists(#pendingImageId)',
     ["StaleTransitionsIT"]),
    ("begin-snapshotting-any-state",
     "beginSnapshotting's condition drops the state",
     "adapter/dynamodb/DynamoCycleStore.java",
     '.when("#state = :running AND #generation = :generation AND #mappingGeneration = :generation",\n'
     '                        Map.of(":running", Values.s(ProjectState.RUNNING.name()),',
     '.when("(#state = :running OR #state <> :running) AND #generation = :generation'
     ' AND #mappingGeneration = :generation",\n'
     '                        Map.of(":running", Values.s(ProjectState.RUNNING.name()),',
     ["StaleTransitionsIT"]),
]


TEAM_UNIT = ("CidrTest,AdminPolicyTest,PrincipalsTest,LaunchAdmissionTest,ProjectAccessTest,ControlHandlerTest,"
             "LaunchClaimsTest,BoxLaunchesTest,ControlServiceTest,ProjectReadsTest,ProjectDirectoryTest,OwnerNamespaceTest")
TEAM_ITS = "ProjectStoreIT,ControlPlaneIT,TeamIT"
CLI_SRC = "launcher-cli/src/main/java/dev/devbox/cli/"
# (id, what the bug is, file from the repository root, old, new)
TEAM_MUTANTS = [
    ("legacy-project-for-developers", "a project from before owners is any developer's to act on",
     SRC + "control/ProjectDirectory.java",
     ".filter(p -> p.owner() == null || access.mine(p)).map(access::check);",
     ".filter(p -> p.owner() == null || access.mine(p));"),
    ("claim-changes-owner", "a claim records the new caller as the owner of another's project",
     SRC + "adapter/dynamodb/DynamoProjectStore.java",
     "if (owner != null && current != null && current.owner() != null && !owner.equals(current.owner())) {",
     "if (false) {"),
    ("owner-flag-for-anyone", "--owner works for callers who are not admins",
     SRC + "domain/policy/ProjectAccess.java", "            if (!caller.admin()) {", "            if (false) {"),
    ("admin-without-naming", "an admin acts on others' projects without naming the owner",
     SRC + "domain/policy/ProjectAccess.java", ".orElseGet(() -> caller.owns(project.owner()));",
     ".orElseGet(() -> caller.admin() || caller.owns(project.owner()));"),
    ("quota-off-by-one", "one box more than MaxRunningBoxesPerOwner",
     SRC + "domain/policy/LaunchAdmission.java", "if (running.size() >= policy", "if (running.size() > policy"),
    ("ssh-any-host", "--ssh-cidr opens port 22 to any single address",
     SRC + "domain/policy/LaunchAdmission.java",
     "range.singleHost() && callerAddress.map(range::equals).orElse(true);", "range.singleHost();"),
    ("exclusions-ignored", "!patterns in AllowedInstanceTypes exclude nothing",
     SRC + "domain/policy/AdminPolicy.java", "                if (exclude) {\n                    return false;",
     "                if (exclude) {\n                    continue;"),
    ("launch-skips-team-rules", "the control plane's launch applies no volume rule",
     SRC + "control/LaunchClaims.java", "            admission.volumes(volumeSizes);\n", ""),
    ("launch-for-another-owner", "an admin's --owner creates a project for someone else",
     SRC + "control/LaunchClaims.java", "        if (existing.isEmpty() && access.actingFor().isPresent()) {",
     "        if (false) {"),
    # The control plane: what holds when a developer calls it with their own signed requests.
    ("control-trusts-the-record", "terminate ends whatever box the record names",
     SRC + "control/OwnedBoxes.java",
     "        if (!isCycleBox(project, box.tags(), settings.stack())) {", "        if (false) {"),
    ("control-ignores-box-owner", "terminate ends a box tagged for another owner",
     SRC + "control/OwnedBoxes.java", "return expected.equals(tags.get(ResourceNames.TAG_OWNER));",
     "return true;"),
    ("delete-trusts-the-record", "delete deregisters any AMI the record names",
     SRC + "control/ProjectRemover.java", "if (!Ownership.ownedByProject(image.get().tags(), stack, name)) {",
     "if (false) {"),
    ("unsigned-caller-accepted", "a request without a verified identity reaches the service",
     SRC + "control/ControlEndpoint.java", "        if (caller.isBlank()) {", "        if (false) {"),
    ("ssh-skips-team-rules", "the control plane opens port 22 to any range asked for",
     SRC + "control/SshOpener.java",
     "return new LaunchAdmission(policy).sshRange(asked, caller);",
     "return asked.isPresent() ? asked : caller;"),
    ("ssh-before-the-rules", "a launch opens port 22 before the team rules are judged",
     SRC + "control/launch/BoxLaunches.java",
     "        String owner = claims.admit(access, name, asked.instanceType(), sizes);\n"
     "        Optional<Cidr> range = ssh.range(cidr, sourceIp);\n",
     "        Optional<Cidr> range = ssh.range(cidr, sourceIp);\n"
     "        ssh.open(name, range);\n"
     "        String owner = claims.admit(access, name, asked.instanceType(), sizes);\n"),
    ("box-owner-untagged", "a box is started without its owner's tag",
     SRC + "control/launch/BoxRunner.java", "        tags.put(ResourceNames.TAG_OWNER, truncate(box.owner()));\n", ""),
    ("any-key-name", "a launch uses any key pair name it is given without looking it up",
     SRC + "control/launch/LaunchKeys.java", "            if (!ec2.keyPairExists(ask.keyName())) {",
     "            if (false) {"),
    ("stale-closes-this-launch", "tidying port 22 closes the rule this launch just opened",
     SRC + "control/SshRules.java", "            needed.add(keepCidr);\n", ""),
    ("quota-race", "a launch's claim does not move the owner's ticket, so racing launches all pass the count",
     SRC + "control/LaunchClaims.java",
     "                Project claimed = projects.claimLaunch(key, owner, clock.instant(), ticket);",
     "                Project claimed = projects.claimLaunch(key, owner, clock.instant());"),
    ("reads-show-any-box", "status and list show (and read the console of) whatever box the record names",
     SRC + "control/read/ProjectReads.java",
     "            if (p != null && OwnedBoxes.isCycleBox(p, box.tags(), settings.stack())) {",
     "            if (p != null) {"),
    ("list-shows-everyone", "a developer's list shows every developer's projects",
     SRC + "control/ControlService.java", "filter(p -> all || access.mine(p)", "filter(p -> true || access.mine(p)"),
    ("plain-key-anyones", "a plain key from before names were per owner is found for any developer",
     SRC + "control/ProjectDirectory.java", ".filter(p -> p.owner() == null || access.mine(p))", ".filter(p -> true)"),
    ("own-key-unchecked", "a record under the caller's key is trusted whoever owns it",
     SRC + "control/ProjectDirectory.java", "                .filter(access::mine);\n", ";\n"),
    ("new-project-plain-key", "a new project is keyed by its bare name, shared by every owner",
     SRC + "control/ProjectDirectory.java",
     "                .orElseGet(() -> OwnerNamespace.key(name, access.caller().principal()));",
     "                .orElseGet(() -> name);"),
    ("ambiguous-owner-picks-first", "an admin's --owner that fits two principals acts on the first",
     SRC + "control/ProjectDirectory.java", "        if (owners.size() > 1) {", "        if (false) {"),
    ("key-ignores-owner", "every owner's project of a name gets one key",
     SRC + "domain/OwnerNamespace.java", "        return ProjectName.of(name.value() + \"--\" + suffix(owner));",
     "        return ProjectName.of(name.value() + \"--\" + suffix(\"anyone\"));"),
    ("list-all-for-anyone", "--all shows everyone's projects to any developer",
     SRC + "control/ControlService.java", "        if (all && !access.caller().admin()) {", "        if (false) {"),
    ("key-name-squatted", "a key pair under the caller's key's name is used whatever key it holds",
     SRC + "control/launch/LaunchKeys.java",
     "        if (!held.map(LaunchKeys::parseOrNull).map(key::sameKeyAs).orElse(false)) {",
     "        if (false) {"),
    ("image-tags-ignored", "a project AMI is launched whatever its tags say",
     SRC + "control/launch/LaunchImages.java",
     "        if (!Ownership.ownedByProject(image.tags(), stack, project.name())) {", "        if (false) {"),
    ("ssh-before-the-claim", "a launch opens port 22 before its claim, so a refused claim leaves it open",
     SRC + "control/launch/BoxLaunches.java",
     "        LaunchKeys.Plan key = keys.plan(asked);\n",
     "        LaunchKeys.Plan key = keys.plan(asked);\n        ssh.open(name, range);\n"),
    ("launch-quota-off", "the control plane's launch does not count the owner's running boxes",
     SRC + "control/LaunchClaims.java", "        admission.runningBoxes(owner,", "        if (false) admission.runningBoxes(owner,"),
]


def sh(cmd, cwd, log):
    with open(log, "a") as out:
        return subprocess.run(cmd, cwd=cwd, shell=True, stdout=out, stderr=subprocess.STDOUT).returncode


def first_failure(log):
    with open(log, errors="replace") as f:
        for line in f:
            m = re.match(r"\[ERROR\] Tests run:.*in (dev\.devbox\.\S+)", line)
            if m:
                failures = re.search(r"Failures: (\d+), Errors: (\d+)", line)
                return "%s (%s failed)" % (m.group(1).rsplit(".", 1)[-1], int(failures.group(1)) + int(failures.group(2)))
    return "build or test failure (see log)"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="")
    ap.add_argument("--schedules", type=int, default=30)
    ap.add_argument("--keep", action="store_true", help="keep the scratch worktree")
    ap.add_argument("--cli", action="store_true", help="run the CLI's lifecycle ITs instead of the named tests")
    ap.add_argument("--team", action="store_true", help="the owner-check and team-rule mutants")
    args = ap.parse_args()
    repo = subprocess.check_output(["git", "rev-parse", "--show-toplevel"], text=True).strip()
    pool = [(m, w, f, o, n, None) for m, w, f, o, n in TEAM_MUTANTS] if args.team else \
        [(m, w, SRC + f, o, n, t) for m, w, f, o, n, t in MUTANTS]
    chosen = [m for m in pool if not args.only or m[0] in args.only.split(",")]
    scratch = tempfile.mkdtemp(prefix="devbox-mutants-")
    subprocess.check_call(["git", "worktree", "add", "-q", "--detach", scratch, "HEAD"], cwd=repo)
    logs = os.path.join(repo, "qa", "logs")
    os.makedirs(logs, exist_ok=True)
    rows = []
    try:
        for mid, what, rel, old, new, tests in chosen:
            path = os.path.join(scratch, rel)
            text = open(path).read()
            mutated = text.replace(old, new, 1) if text.count(old) == 1 else None
            if mid == "adopt-snapshot-of-any-volume" and mutated is not None:
                # helper the mutant needs: the volume id a retry would wrongly ignore
                mutated = mutated.replace("    private Map<String, String> snapshotTags(",
                                          "    private static String volumeOf(SnapshotView s) {\n"
                                          "        return \"any\";\n    }\n\n"
                                          "    private Map<String, String> snapshotTags(", 1)
                mutated = mutated.replace(
                    'earlier.get(volume.deviceName() + "|" + volume.mapping().volumeId())',
                    'earlier.get(volume.deviceName() + "|any")', 1)
            if mutated is None or mutated == text:
                rows.append((mid, what, "NOT APPLIED (code changed: update the mutant)", ""))
                continue
            open(path, "w").write(mutated)
            log = os.path.join(logs, mid + ".log")
            open(log, "w").close()
            started = time.time()
            if args.team:
                cmd = ("./mvnw -B -ntp -o -pl shared,control-fn,launcher-cli -am verify -Dtest='%s' -Dit.test='%s'"
                       " -Ddevbox.emulator.home=%s -Ddevbox.iam.skip=true -Dmaven.test.failure.ignore=false"
                       " -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false"
                       % (TEAM_UNIT, TEAM_ITS, os.path.join(repo, ".emulator")))
            elif args.cli:
                # One IT class at a time, stopping at the first that fails: failsafe cannot stop a
                # JUnit 5 run after a failure, and a killed mutant's `--wait` runs to its timeout.
                cmd = " && ".join(
                    "./mvnw -B -ntp -o -pl shared,launcher-cli -am verify -Dtest=none -Dit.test='%s'"
                    " -Ddevbox.emulator.home=%s -Ddevbox.iam.skip=true"
                    " -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false"
                    % (it, os.path.join(repo, ".emulator")) for it in CLI_ITS.split(","))
            else:
                cmd = ("./mvnw -B -ntp -o -pl shared -am verify -Dit.test='%s' -Ddevbox.schedules=%d"
                       " -Ddevbox.emulator.home=%s -Dfailsafe.skipAfterFailureCount=1"
                       " -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false"
                       % (",".join(tests), args.schedules, os.path.join(repo, ".emulator")))
            rc = sh(cmd, scratch, log)
            took = int(time.time() - started)
            verdict = "killed" if rc != 0 else "SURVIVED"
            rows.append((mid, what, verdict, (first_failure(log) if rc != 0 else "") + " (%ds)" % took))
            subprocess.check_call(["git", "checkout", "-q", "--", "."], cwd=scratch)
            print("%-32s %-9s %s" % (mid, verdict, rows[-1][3]), flush=True)
    finally:
        if not args.keep:
            subprocess.call(["git", "worktree", "remove", "--force", scratch], cwd=repo)
            shutil.rmtree(scratch, ignore_errors=True)
    print("\n| Mutant | Planted bug | Verdict | Killed by |\n|---|---|---|---|")
    for mid, what, verdict, by in rows:
        print("| %s | %s | %s | %s |" % (mid, what, verdict, by))
    return 0 if all(r[2] == "killed" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
