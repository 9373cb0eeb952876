#!/usr/bin/env python3
"""The dependency rules of server/ that the linker cannot see (server/README.md, "Layout").

  1. Every file of a capability's folder belongs to its rules, store or api (the manifests that
     server/CMakeLists.txt writes for each kmhub_capability), or is its README.md, records.h or
     a migration.
  2. Rules (records.h, rules, formats, demo) include no SOCI, no gRPC or protobuf, nothing of the
     platform's db or rpc, and not their own capability's store or api.
  3. A capability reaches another only through its records.h or a store header, and only one it
     declares in USES; a demo may include another capability's demo (the demo tells one story).
  4. The platform includes no capability.

Usage: check_layout.py <server dir> <manifest dir>;  check_layout.py --self-test
Prints each violation with file and line and exits 1 when there is any.
"""
import os
import re
import sys
import tempfile

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
FORBIDDEN_IN_RULES = [
    (re.compile(r'^soci/|^soci\.h$'), 'SOCI'),
    (re.compile(r'^grpc|^grpcpp/'), 'gRPC'),
    (re.compile(r'\.pb\.h$|^google/protobuf/'), 'protobuf'),
    (re.compile(r'^server/platform/(db|rpc)/'), 'the platform\'s db or rpc'),
]
ALWAYS_ALLOWED = {'README.md', 'records.h'}


def read_manifests(manifest_dir):
    capabilities = {}
    for name in sorted(os.listdir(manifest_dir)):
        if not name.endswith('.manifest'):
            continue
        entry = {}
        with open(os.path.join(manifest_dir, name), encoding='utf-8') as f:
            for line in f:
                key, _, value = line.partition(':')
                entry[key.strip()] = value.split()
        capabilities[name[:-len('.manifest')]] = entry
    return capabilities


def layer_files(listed):
    """A listed .cpp brings its .h; header-only files are listed as they are."""
    files = set()
    for f in listed:
        files.add(f)
        if f.endswith('.cpp'):
            files.add(f[:-4] + '.h')
    return files


def includes(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        for number, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if m:
                yield number, m.group(2)


def check(server_dir, manifest_dir):
    capabilities = read_manifests(manifest_dir)
    problems = []
    if not capabilities:
        return ['no capability manifests in ' + manifest_dir]
    layers = {}
    for cap, entry in capabilities.items():
        layers[cap] = {
            'rules': layer_files(entry.get('rules', [])) | {'records.h'},
            'store': layer_files(entry.get('store', [])),
            'api': layer_files(entry.get('api', [])),
        }

    for cap, entry in capabilities.items():
        folder = os.path.join(server_dir, cap)
        uses = set(entry.get('uses', []))
        known = layers[cap]['rules'] | layers[cap]['store'] | layers[cap]['api'] | ALWAYS_ALLOWED
        for root, _, names in os.walk(folder):
            for name in sorted(names):
                path = os.path.join(root, name)
                rel = os.path.relpath(path, folder)
                where = os.path.relpath(path, os.path.dirname(server_dir))
                if rel.startswith('migrations' + os.sep):
                    continue
                if rel not in known:
                    problems.append(f'{where}: not in the rules, store or api of kmhub_capability({cap})')
                    continue
                if not (name.endswith('.h') or name.endswith('.cpp')):
                    continue
                is_rules = rel in layers[cap]['rules']
                for line, target in includes(path):
                    if is_rules:
                        for pattern, what in FORBIDDEN_IN_RULES:
                            if pattern.search(target):
                                problems.append(f'{where}:{line}: a rules file includes {what} ({target})')
                        own = f'server/{cap}/'
                        if target.startswith(own):
                            inner = target[len(own):]
                            if inner in layers[cap]['store'] or inner in layers[cap]['api']:
                                problems.append(f'{where}:{line}: a rules file includes its store or api ({target})')
                    m = re.match(r'^server/([a-z_]+)/(.+)$', target)
                    if not m or m.group(1) == cap or m.group(1) not in capabilities:
                        continue
                    other, inner = m.group(1), m.group(2)
                    if other not in uses:
                        problems.append(f'{where}:{line}: includes {target}, but {cap} does not declare USES {other}')
                    elif inner == 'records.h' or inner in layers[other]['store']:
                        pass
                    elif name.startswith('demo_') and os.path.basename(inner).startswith('demo_'):
                        pass
                    else:
                        problems.append(f'{where}:{line}: reaches {other} through {inner}; only its records.h '
                                        f'and store headers are open to other capabilities')

    platform = os.path.join(server_dir, 'platform')
    for root, _, names in os.walk(platform):
        for name in sorted(names):
            path = os.path.join(root, name)
            if not (name.endswith('.h') or name.endswith('.cpp')):
                continue
            for line, target in includes(path):
                m = re.match(r'^server/([a-z_]+)/', target)
                if m and m.group(1) in capabilities:
                    where = os.path.relpath(path, os.path.dirname(server_dir))
                    problems.append(f'{where}:{line}: the platform includes a capability ({target})')
    return problems


def self_test():
    """The check finds each kind of violation in a small tree made for it."""
    with tempfile.TemporaryDirectory() as tmp:
        server = os.path.join(tmp, 'server')
        manifests = os.path.join(tmp, 'layout')
        os.makedirs(manifests)

        def write(rel, text):
            path = os.path.join(server, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'w', encoding='utf-8') as f:
                f.write(text)

        with open(os.path.join(manifests, 'alpha.manifest'), 'w') as f:
            f.write('rules: a_rules.cpp\nstore: a_store.cpp\napi: a_api.cpp\nuses: \n')
        with open(os.path.join(manifests, 'beta.manifest'), 'w') as f:
            f.write('rules: b_rules.cpp\nstore: b_store.cpp\napi: b_api.cpp\nuses: alpha\n')
        write('alpha/a_rules.h', '#include <soci/soci.h>\n#include "server/alpha/a_store.h"\n')
        write('alpha/a_rules.cpp', '#include <grpcpp/grpcpp.h>\n')
        write('alpha/a_store.h', '#include "server/beta/records.h"\n')
        write('alpha/a_api.h', '')
        write('alpha/stray.cpp', '')
        write('beta/b_rules.h', '#include "server/alpha/records.h"\n')
        write('beta/b_api.cpp', '#include "server/alpha/a_api.h"\n#include "server/alpha/a_store.h"\n')
        write('platform/db/x.h', '#include "server/beta/b_store.h"\n')
        found = check(server, manifests)
        expected = [
            'a rules file includes SOCI',
            'a rules file includes gRPC',
            'a rules file includes its store or api',
            'does not declare USES beta',
            'not in the rules, store or api',
            'reaches alpha through a_api.h',
            'the platform includes a capability',
        ]
        missing = [e for e in expected if not any(e in p for p in found)]
        allowed_wrongly = [p for p in found if 'b_rules.h' in p or 'a_store.h"' in p and 'b_api' in p]
        if missing or allowed_wrongly or len(found) != len(expected):
            print('self-test failed; found:', *found, sep='\n  ')
            print('missing:', missing, 'wrongly flagged:', allowed_wrongly)
            return 1
    print('self-test: each of the', len(expected), 'kinds of violation is found, and nothing else')
    return 0


def main(argv):
    if argv[1:] == ['--self-test']:
        return self_test()
    if len(argv) != 3:
        print(__doc__)
        return 2
    problems = check(argv[1], argv[2])
    for p in problems:
        print(p)
    if problems:
        print(f'{len(problems)} layout violation(s); server/README.md says why the rules are what they are')
        return 1
    print('layout: every capability keeps its rules pure and reaches others through records and stores')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
