#!/usr/bin/env python3
"""Interop: a Python client generated from proto/ (Debian's python3-grpcio and
grpc_python_plugin) creates, lists and deletes an organisation through the real
kmhub-server, and reads the standard health and reflection services.

usage: python_client_test.py KMHUB_SERVER_BINARY PYTHON_STUBS_DIR
"""
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

SERVER_BIN, STUBS_DIR = sys.argv[1], sys.argv[2]
sys.path.insert(0, STUBS_DIR)

import grpc  # noqa: E402
from kmhub.v1 import organisation_pb2, organisation_pb2_grpc  # noqa: E402


class BearerToken(grpc.UnaryUnaryClientInterceptor):
    """Adds "authorization: Bearer <token>" to every call, as any gRPC client in any language can."""

    def __init__(self, token):
        self.token = token

    def intercept_unary_unary(self, continuation, details, request):
        metadata = list(details.metadata or []) + [("authorization", "Bearer " + self.token)]
        details = details._replace(metadata=metadata) if hasattr(details, "_replace") else _Details(details, metadata)
        return continuation(details, request)


class _Details(grpc.ClientCallDetails):
    def __init__(self, base, metadata):
        self.method = base.method
        self.timeout = base.timeout
        self.metadata = metadata
        self.credentials = base.credentials
        self.wait_for_ready = getattr(base, "wait_for_ready", None)
        self.compression = getattr(base, "compression", None)


class PythonClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.log = open(os.path.join(cls.tmp.name, "server.log"), "w+")
        database = "--database=sqlite:" + os.path.join(cls.tmp.name, "kmhub.db")
        # The bootstrap path the README documents: the first admin token, straight into the database.
        cls.token = subprocess.run([SERVER_BIN, database, "token", "create", "--role", "admin", "--name", "interop"],
                                   check=True, capture_output=True, text=True).stdout.strip()
        cls.server = subprocess.Popen(
            [SERVER_BIN, "--listen=127.0.0.1:0", database],
            stdout=cls.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        port = None
        while time.time() < deadline and port is None:
            with open(cls.log.name) as f:
                match = re.search(r"listening on 127\.0\.0\.1:(\d+)", f.read())
            if match:
                port = int(match.group(1))
            elif cls.server.poll() is not None:
                raise RuntimeError("kmhub-server exited at start")
            else:
                time.sleep(0.05)
        if port is None:
            raise RuntimeError("kmhub-server did not start")
        cls.channel = grpc.insecure_channel("127.0.0.1:%d" % port)
        cls.authed = grpc.intercept_channel(cls.channel, BearerToken(cls.token))
        cls.stub = organisation_pb2_grpc.OrganisationServiceStub(cls.authed)

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        cls.server.terminate()
        cls.server.wait(timeout=30)
        cls.log.close()
        cls.tmp.cleanup()

    def test_create_list_delete_organisation(self):
        created = self.stub.CreateOrganisation(
            organisation_pb2.CreateOrganisationRequest(
                organisation=organisation_pb2.Organisation(
                    display_name="Riverside Eye Care Consortium",
                    kind=organisation_pb2.ORGANISATION_KIND_SPECIALIST_CONSORTIUM,
                    ods_code="rveye", email_domains=["eyecare.org.uk"]),
                request_id="python-interop-1"),
            timeout=10)
        self.assertTrue(created.name.startswith("organisations/"))
        self.assertEqual(created.ods_code, "RVEYE")

        listed = self.stub.ListOrganisations(organisation_pb2.ListOrganisationsRequest(name_prefix="riverside eye"),
                                             timeout=10)
        self.assertEqual([o.name for o in listed.organisations], [created.name])

        self.stub.DeleteOrganisation(organisation_pb2.DeleteOrganisationRequest(name=created.name), timeout=10)
        with self.assertRaises(grpc.RpcError) as failure:
            self.stub.GetOrganisation(organisation_pb2.GetOrganisationRequest(name=created.name), timeout=10)
        self.assertEqual(failure.exception.code(), grpc.StatusCode.NOT_FOUND)

    def test_invalid_argument_carries_status_details(self):
        with self.assertRaises(grpc.RpcError) as failure:
            self.stub.CreateOrganisation(organisation_pb2.CreateOrganisationRequest(
                organisation=organisation_pb2.Organisation(display_name="", kind=3)), timeout=10)
        self.assertEqual(failure.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        trailers = dict(failure.exception.trailing_metadata())
        details = trailers.get("grpc-status-details-bin", b"")
        self.assertIn(b"type.googleapis.com/google.rpc.BadRequest", details)
        self.assertIn(b"organisation.display_name", details)

    def test_health_check_serving(self):
        # grpc.health.v1.Health/Check with an empty request; SERVING is field 1 = 1.
        check = self.channel.unary_unary("/grpc.health.v1.Health/Check")
        self.assertEqual(check(b"", timeout=10), b"\x08\x01")

    def test_reflection_lists_kmhub_services(self):
        # v1alpha ServerReflectionInfo with list_services (field 7) set to "", on the channel without a
        # token: reflection is open, as the README's Security section says (it reads no data).
        info = self.channel.stream_stream("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo")
        responses = list(info(iter([b"\x3a\x00"]), timeout=10))
        self.assertEqual(len(responses), 1)
        for service in (b"kmhub.v1.OrganisationService", b"kmhub.v1.ContactService", b"kmhub.v1.RelationshipService"):
            self.assertIn(service, responses[0])


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)
