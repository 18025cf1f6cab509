"""moto's own server (`python3 -m moto.server`) as local mode runs it (local/moto-server.ts starts this file).

Additions to `moto.server.main` that change no answer moto gives:
- a daemon thread that ends the process when stdin reaches EOF, so moto never outlives local mode;
- one request at a time: moto's backends are not thread-safe (two concurrent PutRecords on one shard can get the
  same sequence number and the second silently replaces the first; moto's `Shard.put_record` says so, and 2,608 of
  50,000 records were lost with 100 concurrent calls). The services are atomic per request; the lock restores that;
- request counts and seconds per operation at GET /_tour_tracker/requests (`motoRequestFigures`), and a cProfile of
  the requests with TOUR_TRACKER_MOTO_PROFILE=FILE;
- speed-ups (SPEED_UPS) of work moto redoes on every request. moto serves on one core, and the default rehearsal
  saturated it: a cProfile of 55 s of requests spent 47 % in the generic response serializer (ten alias lookups for
  every member of every DynamoDB attribute value), 12 % listing moto's own package directory to route each request,
  4 % reflecting on the response class, and a Query's cost grew with the whole table. Each speed-up keys on what
  the answer depends on; TOUR_TRACKER_MOTO_PLAIN=1 leaves them out (test/integration/local/moto-launcher.test.ts
  compares both). If a moto release renames what a speed-up patches, it is skipped and moto runs as shipped.
"""

import functools
import json
import os
import sys
import threading
import time



def exit_when_parent_is_gone():
    # os.read, not sys.stdin: a daemon thread blocked in a buffered read aborts the interpreter's own shutdown.
    while os.read(0, 4096):
        pass
    os._exit(0)


threading.Thread(target=exit_when_parent_is_gone, daemon=True).start()

import moto.server  # noqa: E402

applied = []


def cache_module_list():
    """`list_of_moto_modules()` lists and stats moto's package directory; the directory does not change while running."""
    import moto.backends as backends

    modules = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: modules
    applied.append("module-list")


def cache_method_names():
    """`method_names_from_class(cls)` runs inspect.getmembers on the response class for every request."""
    import moto.core.responses as responses

    responses.method_names_from_class = functools.lru_cache(maxsize=None)(responses.method_names_from_class)
    applied.append("method-names")


def cache_attribute_aliases():
    """The serializer asks six alias providers for every member of every response structure. Their answer depends on
    the picker, the object's type (its class name and Meta), the botocore shape and the key: cached on those."""
    from moto.core import serialize

    original = serialize.AttributePicker.__call__
    aliases = {}

    def possible_keys(picker, context):
        shape = context.shape
        key = (type(picker), type(context.obj), id(shape), context.key)
        found = aliases.get(key)
        if found is None or found[0] is not shape:
            found = (shape, tuple(picker.get_possible_keys(context)))
            aliases[key] = found
        return found[1]

    def call(picker, context):
        if picker.response_transformers:
            return original(picker, context)
        obj = context.obj
        for possible_key in possible_keys(picker, context):
            value = serialize.get_value(obj, possible_key, serialize.MISSING)
            if value is not serialize.MISSING:
                return value
        return None

    serialize.AttributePicker.__call__ = call
    applied.append("attribute-aliases")


def serialize_present_members():
    """A JSON response structure given as a plain dict of AWS-named members (every DynamoDB attribute value, each stream
    record) holds one or a few of its shape's members, but the serializer looks up every member through every alias:
    ten lookups for an attribute value holding only `S`. For such a dict, only its own keys are serialized, in the
    shape's order; any other value takes moto's path. Aliases never map one member onto a sibling's name (moto's
    alias providers refuse those), so the lookups skipped here could only have found nothing."""
    from moto.core import serialize

    original = serialize.BaseJSONSerializer._serialize_type_structure

    def structure(serializer, serialized, value, shape, key):
        members = shape.members
        if type(value) is not dict or shape.is_document_type or not members.keys() >= value.keys():
            return original(serializer, serialized, value, shape, key)
        wrapper = serializer.MAP_TYPE() if key else serialized
        for member_key, member_shape in members.items():
            if member_key in value:
                member_shape.parent = shape
                serializer._serialize_structure_member(wrapper, value, member_shape, member_key)
        if key:
            serializer._default_serialize(serialized, wrapper, shape, key)

    serialize.BaseJSONSerializer._serialize_type_structure = structure
    applied.append("present-members")


def query_one_partition():
    """A Query on a table's own keys sorts every item of the table, then keeps those of the asked partition: its cost
    grows with the table, which the track points fill (about 13 items per race second), so the page's events poll
    took seconds within minutes of a rehearsal. Such a Query now sees only the items of its partition whose sort key
    meets its key condition; moto then sorts, pages, filters and projects them as before. Those are exactly the items
    moto would have kept, so its answer is unchanged."""
    from moto.dynamodb.models.table import Table

    original = Table.query
    # String sort keys compare as plain str (UTF-8 byte order is code point order); anything else asks moto.
    string_tests = {
        "BEGINS_WITH": lambda key, values: key.startswith(values[0]),
        "BETWEEN": lambda key, values: values[0] <= key <= values[1],
        "EQ": lambda key, values: key == values[0],
        "LT": lambda key, values: key < values[0],
        "LE": lambda key, values: key <= values[0],
        "GT": lambda key, values: key > values[0],
        "GE": lambda key, values: key >= values[0],
    }

    def sort_key_test(comparison, range_objs):
        values = [o.value for o in range_objs]
        string_test = string_tests.get(comparison)
        if string_test is not None and all(o.type == "S" for o in range_objs):
            return lambda k: k.type == "S" and string_test(k.value, values)
        return lambda k: k.compare(comparison, range_objs)

    def query(table, hash_key, range_comparison, range_objs, *args, **kwargs):
        index_name = args[4] if len(args) > 4 else kwargs.get("index_name")
        if index_name or hash_key is None or not table.range_key_attr or hash_key not in table.items:
            return original(table, hash_key, range_comparison, range_objs, *args, **kwargs)
        partition = table.items[hash_key]
        if range_comparison:
            keep = sort_key_test(range_comparison, range_objs)
            partition = {k: v for k, v in partition.items() if keep(k)}
        everything = table.items
        table.items = {hash_key: partition}
        try:
            return original(table, hash_key, range_comparison, range_objs, *args, **kwargs)
        finally:
            table.items = everything

    Table.query = query
    applied.append("query-one-partition")


def cache_condition_lexing():
    """Every conditional write lexes its condition expression twice (moto validates it, then evaluates it) with a
    dozen regular expressions per token; the processor sends the same few expressions thousands of times. The tokens
    depend only on the expression's text, so they are kept per text and handed out as fresh nodes."""
    from collections import deque

    from moto.dynamodb.comparisons import ConditionExpressionParser

    original = ConditionExpressionParser._lex_condition_expression
    tokens = {}

    def lex(parser):
        text = parser.condition_expression
        found = tokens.get(text)
        if found is None:
            found = tuple((n.nonterminal, n.kind, n.text, n.value) for n in original(parser))
            if len(tokens) < 10_000:
                tokens[text] = found
        node = parser.Node
        return deque(node(nonterminal=a, kind=b, text=c, value=d, children=[]) for a, b, c, d in found)

    ConditionExpressionParser._lex_condition_expression = lex
    applied.append("condition-lexing")


SPEED_UPS = (
    cache_module_list,
    cache_method_names,
    cache_attribute_aliases,
    serialize_present_members,
    query_one_partition,
    cache_condition_lexing,
)
# TOUR_TRACKER_MOTO_PLAIN=1 runs moto as shipped (lock, watchdog and figures only): tests compare the two.
for patch in () if os.environ.get("TOUR_TRACKER_MOTO_PLAIN") == "1" else SPEED_UPS:
    try:
        patch()
    except (AttributeError, ImportError) as error:
        print(f"tour-tracker: moto patch {patch.__name__} skipped: {error}", file=sys.stderr, flush=True)

one_at_a_time = threading.Lock()
served = {}
# TOUR_TRACKER_MOTO_PROFILE=FILE profiles the requests (cProfile, lock held) into FILE when moto stops.
profile_file = os.environ.get("TOUR_TRACKER_MOTO_PROFILE")
profiler = None
if profile_file:
    import atexit
    import cProfile

    profiler = cProfile.Profile()
    atexit.register(lambda: profiler.dump_stats(profile_file))


def operation(environ):
    """The AWS operation of a request: X-Amz-Target for JSON protocols, else the method and first path segment."""
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return target.split(".")[-1]
    path = environ.get("PATH_INFO", "/")
    return f"{environ.get('REQUEST_METHOD', '?')} /{path.split('/')[1] if path != '/' else ''}"


def serialized(app):
    def wsgi(environ, start_response):
        if environ.get("PATH_INFO") == "/_tour_tracker/requests":
            start_response("200 OK", [("Content-Type", "application/json")])
            return [json.dumps({"patches": applied, "operations": served}).encode()]
        with one_at_a_time:
            started = time.perf_counter()
            if profiler:
                profiler.enable()
            body = list(app(environ, start_response))
            if profiler:
                profiler.disable()
            entry = served.setdefault(operation(environ), [0, 0.0])
            entry[0] += 1
            entry[1] += time.perf_counter() - started
            return body

    return wsgi


run_simple = moto.server.run_simple
moto.server.run_simple = lambda host, port, app, **options: run_simple(host, port, serialized(app), **options)
moto.server.main(sys.argv[1:])
