"""Attachments in an S3-compatible object store, against a real S3 API on 127.0.0.1 (moto's server) started by the
test: the settings' block gives the store when XINFANG_ATTACHMENTS_S3_BUCKET is set; a file added through the page
is an object with a random name under the prefix, private, read back byte for byte through the access-checked
view; a store that goes away refuses the file with a clear message and keeps nothing, and comes back."""

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from django.conf import settings
from django.urls import reverse
from moto.server import ThreadedMotoServer
from storages.backends.s3 import S3Storage

from attachments.models import Attachment

from ..notices.servers import free_port
from .test_attachments import PDF, PNG, upload

pytestmark = pytest.mark.django_db

BUCKET = "xinfang-attachments"
KEYS = {"access_key": "intranet", "secret_key": "intranet-secret", "region_name": "cn-north-1"}


class S3Server:
    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = None

    def start(self):
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.server.start()

    def stop(self):
        self.server.stop()

    def client(self):
        return boto3.client("s3", endpoint_url=self.url, aws_access_key_id=KEYS["access_key"],
                            aws_secret_access_key=KEYS["secret_key"], region_name=KEYS["region_name"])


@pytest.fixture
def s3():
    server = S3Server()
    server.start()
    urllib.request.urlopen(urllib.request.Request(f"{server.url}/moto-api/reset", method="POST"))  # one process' state
    server.client().create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "cn-north-1"})
    yield server
    server.stop()


@pytest.fixture
def store(s3, monkeypatch):
    """The attachment field's storage as the settings' block builds it, pointed at the local server (the field's
    storage is read once, when the models load)."""
    options = {**_configured(s3)["options"], **KEYS}
    storage = S3Storage(**options, client_config=Config(connect_timeout=2, retries={"max_attempts": 1}))
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", storage)
    return storage


def _configured(s3) -> dict:
    """What config.settings gives, in a fresh process with the environment of a bureau using an object store."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "XINFANG_ATTACHMENTS_S3_BUCKET": BUCKET,
           "XINFANG_ATTACHMENTS_S3_ENDPOINT": s3.url, "XINFANG_ATTACHMENTS_S3_PREFIX": "county/attachments",
           "XINFANG_ATTACHMENTS_S3_ACCESS_KEY": KEYS["access_key"],
           "XINFANG_ATTACHMENTS_S3_SECRET_KEY": KEYS["secret_key"], "XINFANG_ATTACHMENTS_S3_REGION": "cn-north-1"}
    script = (
        "import django, json; django.setup()\n"
        "from django.core.files.base import ContentFile\n"
        "from attachments.models import Attachment\n"
        "s = Attachment._meta.get_field('file').storage\n"
        "name = s.save('2026/12/probe', ContentFile(b'probe'))\n"
        "print(json.dumps({'backend': type(s).__module__ + '.' + type(s).__name__, 'name': name,"
        " 'read': s.open(name).read().decode(), 'options': {k: getattr(s, k) for k in ("
        "'bucket_name', 'endpoint_url', 'location', 'default_acl', 'querystring_auth', 'file_overwrite',"
        " 'addressing_style', 'signature_version', 'max_memory_size')}}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=Path(settings.BASE_DIR), env=env, capture_output=True,
                          text=True, timeout=60, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_settings_give_a_private_object_store_when_a_bucket_is_named(s3):
    given = _configured(s3)
    assert given["backend"] == "storages.backends.s3.S3Storage"
    assert given["options"]["bucket_name"] == BUCKET and given["options"]["location"] == "county/attachments"
    assert given["options"]["default_acl"] is None and given["options"]["querystring_auth"] is True
    assert given["read"] == "probe"
    keys = [o["Key"] for o in s3.client().list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == ["county/attachments/2026/12/probe"]


def test_a_file_added_on_the_page_is_a_private_object_read_back_through_the_view(client, registrar, store, s3,
                                                                                 township):
    from ..factories import register

    item = register(registrar, township)
    client.force_login(registrar)
    client.post(reverse("attachments:add", args=["item", item.pk]), {"file": upload("来信.pdf", PDF), "kind": "letter"})
    a = Attachment.objects.get()
    objects = s3.client().list_objects_v2(Bucket=BUCKET)["Contents"]
    key = next(o["Key"] for o in objects if o["Key"].endswith(a.file.name))
    assert key.startswith("county/attachments/") and "来信" not in key  # a name that says nothing
    grants = s3.client().get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert all(g["Grantee"].get("URI") is None for g in grants)  # no AllUsers / AuthenticatedUsers grant
    response = client.get(reverse("attachments:open", args=[a.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_a_store_that_goes_away_keeps_nothing_and_says_so_then_comes_back(client, registrar, store, s3, township):
    from ..factories import register

    item = register(registrar, township)
    client.force_login(registrar)
    client.post(reverse("attachments:add", args=["item", item.pk]), {"file": upload("证据.png", PNG),
                                                                     "kind": "evidence"})
    kept = Attachment.objects.get()
    s3.stop()
    response = client.post(reverse("attachments:add", args=["item", item.pk]),
                           {"file": upload("第二份.png", PNG), "kind": "evidence"}, follow=True)
    assert "文件存储暂时无法连接，“第二份.png”未保存" in response.content.decode()
    assert Attachment.objects.count() == 1 and item.events.filter(kind="attachment_added").count() == 1
    response = client.get(reverse("attachments:open", args=[kept.pk]))
    assert response.status_code == 503 and "证据.png" in response.content.decode()
    assert not kept.downloads.exists()  # nothing was given, so nothing is logged as opened

    s3.start()  # the store is back (the same process keeps its objects)
    response = client.get(reverse("attachments:open", args=[kept.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    client.post(reverse("attachments:add", args=["item", item.pk]), {"file": upload("第二份.png", PNG),
                                                                     "kind": "evidence"})
    assert Attachment.objects.count() == 2
