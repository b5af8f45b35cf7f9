"""devbox's moto launcher: moto in server mode plus fidelity patches.

moto differs from AWS in a few ways that devbox's data-safety logic depends on.
Each patch below makes moto answer as the EC2 API reference documents, and each
is proven by a test in the emulator module (EmulatorFidelityIT):

  1. RegisterImage keeps BlockDeviceMappings, Architecture, RootDeviceName,
     EnaSupport, BootMode, ImdsSupport and TagSpecifications (moto reports one
     fake 15 GiB root and drops the rest).
  2. RunInstances builds the instance's volumes from the AMI's own mappings,
     overlaid by the launch template's and then the request's, per device name,
     with iops and throughput kept (moto ignores the AMI and gives a fresh
     8 GiB root).
  3. RegisterImage/CreateImage/CopyImage refuse a name the account already uses
     (AWS: InvalidAMIName.Duplicate).
  4. DeleteSnapshot refuses a snapshot that a registered AMI uses
     (AWS: InvalidSnapshot.InUse).

Usage: python devbox_moto.py [--host 127.0.0.1] [--port 0]
Prints "DEVBOX_MOTO_PORT=<port>" once listening and exits when stdin closes, so
the server never outlives the process that started it.
"""

import argparse
import copy
import sys

from moto.ec2 import exceptions as ec2_exceptions
from moto.ec2.models import amis as ami_models
from moto.ec2.models import elastic_block_store as ebs_models
from moto.ec2.models import instances as instance_models
from moto.ec2.responses import amis as ami_responses
from moto.ec2.responses import instances as instance_responses
from moto.moto_server.threaded_moto_server import ThreadedMotoServer

FIDELITY_PATCHES = (
    "register-image-keeps-mappings",
    "run-instances-restores-ami-volumes",
    "duplicate-ami-name-refused",
    "in-use-snapshot-delete-refused",
)


class InvalidAmiNameDuplicate(ec2_exceptions.EC2ClientError):
    def __init__(self, name):
        super().__init__(
            "InvalidAMIName.Duplicate",
            f"AMI name {name} is already in use by AMI in this account",
        )


def _to_bool(value, default=None):
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    return str(value).lower() == "true"


def _to_int(value):
    return None if value in (None, "") else int(value)


def _normalise_mapping(raw):
    ebs = raw.get("Ebs") or {}
    mapping = {"DeviceName": raw.get("DeviceName")}
    if raw.get("NoDevice") is not None:  # AWS: NoDevice="" suppresses a mapping
        mapping["NoDevice"] = raw["NoDevice"]
    if ebs or "NoDevice" not in mapping:
        mapping["Ebs"] = {
            "SnapshotId": ebs.get("SnapshotId"),
            "VolumeSize": _to_int(ebs.get("VolumeSize")),
            "VolumeType": ebs.get("VolumeType"),
            "Iops": _to_int(ebs.get("Iops")),
            "Throughput": _to_int(ebs.get("Throughput")),
            "Encrypted": _to_bool(ebs.get("Encrypted")),
            "KmsKeyId": ebs.get("KmsKeyId"),
            "DeleteOnTermination": _to_bool(ebs.get("DeleteOnTermination")),
        }
    return mapping


def _overlay(base, override):
    """Per device name, the override's non-empty fields win (AWS's merge order)."""
    merged = {m["DeviceName"]: copy.deepcopy(m) for m in base}
    for m in override:
        name = m["DeviceName"]
        if name not in merged or "NoDevice" in m:
            merged[name] = copy.deepcopy(m)
            continue
        target = merged[name].setdefault("Ebs", {})
        for key, value in (m.get("Ebs") or {}).items():
            if value is not None:
                target[key] = value
    return [m for m in merged.values() if "NoDevice" not in m]


def _name_in_use(backend, name):
    return name and any(
        a.name == name and a.owner_id == backend.account_id
        for a in backend.amis.values()
    )


# --- patch 1 and 3: RegisterImage keeps what it is given, refuses duplicates.

_original_ami_mappings = ami_models.Ami.block_device_mappings


def _ami_block_device_mappings(self):
    """An AMI made by RegisterImage from snapshots reports them as registered."""
    if getattr(self, "devbox_mappings", None) is None:
        return _original_ami_mappings.fget(self)
    result = []
    for m in self.devbox_mappings:
        ebs = {k: v for k, v in m.get("Ebs", {}).items() if v is not None}
        if "SnapshotId" in ebs and "VolumeSize" not in ebs:
            ebs["VolumeSize"] = self.ec2_backend.get_snapshot(ebs["SnapshotId"]).volume_size
        ebs.setdefault("DeleteOnTermination", True)
        result.append({"DeviceName": m["DeviceName"], "Ebs": ebs})
    return result


def _register_image(self):
    name = self._get_param("Name")
    self.error_on_dryrun()
    backend = self.ec2_backend
    if _name_in_use(backend, name):
        raise InvalidAmiNameDuplicate(name)
    mappings = [_normalise_mapping(m) for m in self._get_param("BlockDeviceMappings", [])]
    for m in mappings:
        snapshot_id = m.get("Ebs", {}).get("SnapshotId")
        if snapshot_id:
            backend.get_snapshot(snapshot_id)  # InvalidSnapshot.NotFound, as AWS
    image = backend.register_image(name, self._get_param("Description", ""))
    if mappings:
        image.devbox_mappings = mappings
        # moto invents a 15 GiB snapshot for every AMI; this one has real ones.
        backend.snapshots.pop(image.ebs_snapshot.id, None)
    image.architecture = self._get_param("Architecture") or "x86_64"
    image.root_device_name = self._get_param("RootDeviceName") or image.root_device_name
    image.root_device_type = "ebs" if mappings else image.root_device_type
    image.virtualization_type = self._get_param("VirtualizationType") or "hvm"
    image.ena_support = _to_bool(self._get_param("EnaSupport"), False)
    image.boot_mode = self._get_param("BootMode") or image.boot_mode
    image.imds_support = self._get_param("ImdsSupport")
    for resource_type, tags in self._parse_tag_specification().items():
        if resource_type == "image":
            image.add_tags(tags)
    from moto.core.responses import ActionResult
    return ActionResult({"ImageId": image.id})


def _refuse_duplicate(original):
    def wrapper(self, *args, **kwargs):
        name = kwargs.get("name", args[1] if len(args) > 1 else None)
        if _name_in_use(self, name):
            raise InvalidAmiNameDuplicate(name)
        return original(self, *args, **kwargs)
    return wrapper


# --- patch 2: RunInstances restores the AMI's volumes.

def _run_instances(original):
    def wrapper(self, image_id, count, user_data, security_group_names, **kwargs):
        template_id = kwargs.get("launch_template")
        template_data = self._get_template_from_args(template_id).data if template_id else {}
        effective_image = image_id or template_data.get("ImageId")
        ami = self.amis.get(effective_image) if effective_image else None
        ami_mappings = getattr(ami, "devbox_mappings", None) or []
        template_mappings = [_normalise_mapping(m) for m in template_data.get("BlockDeviceMappings") or []]
        request_mappings = [_normalise_mapping(m) for m in kwargs.get("block_device_mappings") or []]
        if ami_mappings or template_mappings or request_mappings:
            merged = _overlay(_overlay(ami_mappings, template_mappings), request_mappings)
            for m in merged:
                m["Ebs"]["Encrypted"] = bool(m["Ebs"].get("Encrypted"))
                m["Ebs"]["DeleteOnTermination"] = _to_bool(m["Ebs"].get("DeleteOnTermination"), True)
            kwargs["block_device_mappings"] = merged
        # add_block_device below reads iops/throughput from here (moto drops them).
        self.devbox_volume_extras = {
            m["DeviceName"]: (m["Ebs"].get("Iops"), m["Ebs"].get("Throughput"))
            for m in kwargs.get("block_device_mappings") or []
        }
        try:
            reservation = original(self, image_id, count, user_data, security_group_names, **kwargs)
        finally:
            self.devbox_volume_extras = {}
        # The launch template's volume tags apply too, as on AWS.
        volume_tags = {}
        for spec in template_data.get("TagSpecifications") or []:
            if spec.get("ResourceType") == "volume":
                volume_tags.update({t["Key"]: t["Value"] for t in spec.get("Tags", [])})
        if volume_tags:
            for instance in reservation.instances:
                for _, block in instance.get_block_device_mapping:
                    self.get_volume(block.volume_id).add_tags(volume_tags)
        return reservation
    return wrapper


def _add_block_device(self, size, device_path, snapshot_id, encrypted,
                      delete_on_termination, kms_key_id, volume_type):
    iops, throughput = getattr(self.ec2_backend, "devbox_volume_extras", {}).get(device_path, (None, None))
    volume = self.ec2_backend.create_volume(
        size=size, zone_name=self._placement.zone, snapshot_id=snapshot_id,
        encrypted=encrypted, kms_key_id=kms_key_id, volume_type=volume_type,
        iops=iops, throughput=throughput)
    self.ec2_backend.attach_volume(volume.id, self.id, device_path, delete_on_termination)


def _parse_request_mappings(original):
    """moto's request parser drops Throughput; keep it."""
    def wrapper(self):
        parsed = original(self)
        raw = self._get_param("BlockDeviceMappings", [])
        for target, source in zip(parsed, raw):
            throughput = (source.get("Ebs") or {}).get("Throughput")
            if throughput is not None:
                target["Ebs"]["Throughput"] = throughput
        return parsed
    return wrapper


# --- patch 4: a snapshot that a registered AMI uses cannot be deleted.

def _delete_snapshot(original):
    def wrapper(self, snapshot_id):
        for ami in self.amis.values():
            for m in getattr(ami, "devbox_mappings", None) or []:
                if m.get("Ebs", {}).get("SnapshotId") == snapshot_id:
                    raise ec2_exceptions.InvalidSnapshotInUse(snapshot_id, ami.id)
        return original(self, snapshot_id)
    return wrapper


def apply_patches():
    ami_models.Ami.block_device_mappings = property(_ami_block_device_mappings)
    ami_responses.AmisResponse.register_image = _register_image
    ami_models.AmiBackend.create_image = _refuse_duplicate(ami_models.AmiBackend.create_image)
    ami_models.AmiBackend.copy_image = _refuse_duplicate(ami_models.AmiBackend.copy_image)
    instance_models.InstanceBackend.run_instances = _run_instances(
        instance_models.InstanceBackend.run_instances)
    instance_models.Instance.add_block_device = _add_block_device
    instance_responses.InstanceResponse._parse_block_device_mapping = _parse_request_mappings(
        instance_responses.InstanceResponse._parse_block_device_mapping)
    ebs_models.EBSBackend.delete_snapshot = _delete_snapshot(ebs_models.EBSBackend.delete_snapshot)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    apply_patches()
    server = ThreadedMotoServer(args.host, args.port, verbose=False)
    server.start()
    print(f"DEVBOX_MOTO_PORT={server.get_host_and_port()[1]}", flush=True)
    print("DEVBOX_MOTO_PATCHES=" + ",".join(FIDELITY_PATCHES), flush=True)
    sys.stdin.read()  # returns at EOF: the parent closed our stdin or died
    server.stop()


if __name__ == "__main__":
    main()
