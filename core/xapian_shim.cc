/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xapian_shim.cc - the extern "C" shim over libxapian (see xapian_shim.h).
 *
 * Deliberately thin: no souwen logic lives here, only object wrapping and the
 * exception boundary. The BM25 parameters are Xapian's defaults.
 */
#include "xapian_shim.h"

extern "C" {
#include "error.h"
}

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <unistd.h>

struct xs_db {
    Xapian::Database *ro;         // the database searched
    Xapian::WritableDatabase *rw; // same object when writable, else NULL
    bool merged;                  // several databases, or a remote one (its server may merge)
    bool remote;                  // some database is served by xapian-tcpsrv
    std::string path;             // the folder, when writable (for on_terminate)
    std::vector<size_t> spec_of;  // xs_db_open_many: the spec each shard was opened from
    // xs_db_map_ids: each id term's docid, read from a value slot, until the next commit;
    // xs_db_patch looks there before Xapian's postings (a B-tree look-up a patch)
    std::unordered_map<std::string, Xapian::docid> dids;
};

// The writable database this thread is committing or writing to, for on_terminate.
static thread_local const char *writing = nullptr;

// Xapian 1.4.22 can call std::terminate while it commits to a full disk (an exception
// escaping one of its noexcept functions): no exception reaches the shim then. Instead of
// an abort, one line naming the database and exit status 2, as for any failed write; the
// committed revisions of Xapian and SQLite stay as they were, and the next run goes on.
[[noreturn]] static void on_terminate() {
    const char *where = writing ? writing : "the index";
    struct statvfs v;
    bool full = writing && statvfs(writing, &v) == 0 && v.f_bavail == 0;
    std::fprintf(stderr, "%s: Xapian stopped while writing '%s'%s\n", program_invocation_short_name,
                 where, full ? ": No space left on device" : "");
    _exit(2);
}

// Sets writing for the duration of one call.
struct writing_scope {
    explicit writing_scope(const xs_db *db) { writing = db->path.c_str(); }
    ~writing_scope() { writing = nullptr; }
};

struct xs_doc {
    Xapian::Document doc;
};

struct xs_query {
    Xapian::Query q;
};

// Matches weighed before the matcher may prune, over merged databases (see xs_db_search).
#define XS_CHECK_AT_LEAST 1000
// Hits ranked past the page asked for, so that near-equal weights order alike.
#define XS_TIE_MARGIN 10

// A BM25 weight to 12 significant digits: sums of the same parts in another order
// (over shards, or one database) differ in the last bits only.
static double round_weight(double w) {
    if (w == 0 || !std::isfinite(w))
        return w;
    double scale = std::pow(10.0, 11 - std::floor(std::log10(std::fabs(w))));
    return std::round(w * scale) / scale;
}

static int fail(char **err, int code, const std::string &msg) {
    if (err) {
        std::free(*err);
        *err = strdup(msg.c_str());
    }
    return code;
}

// "DatabaseError: Error writing block 21 (No space left on device)": the errno text matters.
static std::string describe(const Xapian::Error &e) {
    std::string m = e.get_type() + std::string(": ") + e.get_msg();
    const char *why = e.get_error_string();
    if (why && *why)
        m += std::string(" (") + why + ")";
    return m;
}

#define SHIM_TRY try {
#define SHIM_CATCH(code)                                                                           \
    }                                                                                              \
    catch (const Xapian::DatabaseLockError &e) {                                                   \
        return fail(err, code, "the index is locked by another writer (" + e.get_msg() + ")");     \
    }                                                                                              \
    catch (const Xapian::Error &e) {                                                               \
        return fail(err, code, describe(e));                                                       \
    }                                                                                              \
    catch (const std::bad_alloc &) {                                                               \
        return fail(err, SW_ENOMEM, "out of memory");                                              \
    }                                                                                              \
    catch (const std::exception &e) {                                                              \
        return fail(err, code, e.what());                                                          \
    }                                                                                              \
    catch (...) {                                                                                  \
        return fail(err, code, "unknown C++ exception");                                           \
    }

extern "C" int xs_db_open(const char *path, int writable, xs_db **out, char **err) {
    SHIM_TRY
    xs_db *db = new xs_db{nullptr, nullptr, false, false, std::string(), std::vector<size_t>(), {}};
    try {
        if (writable) {
            std::set_terminate(on_terminate);
            db->path = path;
            db->rw = new Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN);
            db->ro = db->rw;
        } else {
            db->ro = new Xapian::Database(path);
        }
    } catch (...) {
        delete db;
        throw;
    }
    *out = db;
    return 0;
    SHIM_CATCH(SW_EINDEX)
}

// Xapian 1.4 resolves a remote host for IPv4 only (its net/resolver.h asks getaddrinfo for
// AF_INET), so tcp://[::1]:PORT failed with "Address family for hostname not supported". For
// a host with IPv6 addresses only, the shim connects itself and hands Xapian a loopback IPv4
// port whose one connection a thread relays, byte for byte, until either side closes.

// Copies what arrives on either socket to the other until one of them ends.
static void pump(int a, int b) {
    char buf[65536];
    struct pollfd p[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
    for (;;) {
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        for (int i = 0; i < 2; i++) {
            if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t n = read(p[i].fd, buf, sizeof(buf));
            if (n <= 0)
                return;
            for (ssize_t done = 0; done < n;) {
                ssize_t w = send(p[1 - i].fd, buf + done, (size_t)(n - done), MSG_NOSIGNAL);
                if (w <= 0)
                    return;
                done += w;
            }
        }
    }
}

// A socket connected to one of the IPv6 addresses in ai, within timeout_ms; -1 and errno.
static int connect_v6(const struct addrinfo *ai, int timeout_ms) {
    int err = EAFNOSUPPORT;
    for (; ai; ai = ai->ai_next) {
        if (ai->ai_family != AF_INET6)
            continue;
        int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0) {
            err = errno;
            continue;
        }
        int rc = connect(fd, ai->ai_addr, ai->ai_addrlen);
        if (rc < 0 && errno == EINPROGRESS) {
            struct pollfd p = {fd, POLLOUT, 0};
            int got = poll(&p, 1, timeout_ms);
            socklen_t len = sizeof(err);
            if (got == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0)
                rc = 0;
            else if (got == 0)
                err = ETIMEDOUT;
        } else if (rc < 0) {
            err = errno;
        }
        if (rc == 0 && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == 0)
            return fd;
        close(fd);
    }
    errno = err;
    return -1;
}

// Connects to ai over IPv6 and returns the loopback port (IPv4) relayed to it.
static unsigned relay_v6(const std::string &spec, const struct addrinfo *ai) {
    int up = connect_v6(ai, 5000);
    if (up < 0)
        throw Xapian::NetworkError("unable to connect to '" + spec + "'", errno);
    struct sockaddr_in a;
    std::memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(a);
    int lis = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (lis < 0 || bind(lis, reinterpret_cast<struct sockaddr *>(&a), sizeof(a)) != 0 ||
        listen(lis, 1) != 0 ||
        getsockname(lis, reinterpret_cast<struct sockaddr *>(&a), &len) != 0) {
        int e = errno;
        if (lis >= 0)
            close(lis);
        close(up);
        throw Xapian::NetworkError("unable to relay '" + spec + "' over loopback", e);
    }
    std::thread([lis, up] {
        struct pollfd p = {lis, POLLIN, 0};
        int c = poll(&p, 1, 15000) == 1 ? accept4(lis, nullptr, nullptr, SOCK_CLOEXEC) : -1;
        close(lis);
        if (c >= 0) {
            pump(c, up);
            close(c);
        }
        close(up);
    }).detach();
    return ntohs(a.sin_port);
}

// "tcp://host:port": a database served by xapian-tcpsrv.
static Xapian::Database open_spec(const char *spec) {
    static const char tcp[] = "tcp://";
    if (std::strncmp(spec, tcp, sizeof(tcp) - 1) != 0)
        return Xapian::Database(spec);
    std::string hp(spec + sizeof(tcp) - 1);
    std::size_t colon = hp.rfind(':');
    char *end = nullptr;
    errno = 0;
    unsigned long port =
        colon == std::string::npos ? 0 : std::strtoul(hp.c_str() + colon + 1, &end, 10);
    if (colon == std::string::npos || colon == 0 || end == hp.c_str() + colon + 1 || *end ||
        errno || port == 0 || port > 65535)
        throw Xapian::InvalidArgumentError("'" + std::string(spec) + "' is not tcp://HOST:PORT");
    std::string host = hp.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    // An IPv6 host (a literal, or a name with no IPv4 address): through a loopback relay.
    struct addrinfo hints, *ai = nullptr;
    std::memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    bool v4 = false, v6 = false;
    if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &ai) == 0) {
        for (const struct addrinfo *p = ai; p; p = p->ai_next) {
            v4 |= p->ai_family == AF_INET;
            v6 |= p->ai_family == AF_INET6;
        }
    }
    if (v6 && !v4) {
        unsigned local;
        try {
            local = relay_v6(spec, ai);
        } catch (...) {
            freeaddrinfo(ai);
            throw;
        }
        freeaddrinfo(ai);
        return Xapian::Remote::open("127.0.0.1", local, 10000, 5000);
    }
    if (ai)
        freeaddrinfo(ai);
    // Ten seconds for a reply, five to connect: a dead server is an error, not a hang.
    return Xapian::Remote::open(host, static_cast<unsigned>(port), 10000, 5000);
}

extern "C" int xs_db_open_many(const char *const *specs, size_t n, xs_db **out, char **err) {
    SHIM_TRY
    xs_db *db = new xs_db{nullptr, nullptr, false, false, std::string(), std::vector<size_t>(), {}};
    try {
        db->ro = new Xapian::Database();
        for (size_t i = 0; i < n; i++) {
            db->ro->add_database(open_spec(specs[i]));
            db->spec_of.resize(db->ro->size(), i); // a stub file may hold several shards
        }
        for (size_t i = 0; i < n; i++)
            db->remote = db->remote || std::strncmp(specs[i], "tcp://", 6) == 0;
        db->merged = n > 1 || db->remote;
    } catch (...) {
        delete db->ro;
        delete db;
        throw;
    }
    *out = db;
    return 0;
    SHIM_CATCH(SW_EINDEX)
}

extern "C" int xs_db_compact(const char *const *srcs, size_t n, const char *dst, char **err) {
    SHIM_TRY
    Xapian::Database all;
    for (size_t i = 0; i < n; i++)
        all.add_database(Xapian::Database(srcs[i]));
    all.compact(dst, Xapian::DBCOMPACT_MULTIPASS | Xapian::Compactor::FULL);
    return 0;
    SHIM_CATCH(SW_EINDEX)
}

extern "C" void xs_db_close(xs_db *db) {
    if (!db)
        return;
    try {
        writing_scope w(db);
        if (db->rw)
            db->rw->close();
    } catch (...) {
        // Closing only releases resources; uncommitted changes are dropped by design.
    }
    delete db->ro;
    delete db;
}

extern "C" int xs_db_commit(xs_db *db, char **err) {
    SHIM_TRY
    writing_scope w(db);
    decltype(db->dids)().swap(db->dids); // (assigning {} would keep its buckets)
    db->rw->commit();
    return 0;
    SHIM_CATCH(SW_EINDEX)
}

extern "C" int xs_db_map_ids(xs_db *db, unsigned slot, size_t *mapped, char **err) {
    SHIM_TRY
    *mapped = 0;
    writing_scope w(db);
    decltype(db->dids)().swap(db->dids);
    const Xapian::valueno vno = static_cast<Xapian::valueno>(slot);
    db->dids.reserve(db->rw->get_doccount());
    // The values in docid order: a scan of one value stream, not a look-up per document.
    for (Xapian::ValueIterator v = db->rw->valuestream_begin(vno);
         v != db->rw->valuestream_end(vno); ++v)
        db->dids.emplace(*v, v.get_docid());
    *mapped = db->dids.size();
    return 0;
    SHIM_CATCH(SW_EINDEX)
}

extern "C" int xs_db_replace(xs_db *db, const char *idterm, xs_doc *doc, char **err) {
    SHIM_TRY
    writing_scope w(db);
    db->dids.erase(idterm); // (its docid stays; a new document's is not mapped)
    doc->doc.add_boolean_term(idterm);
    db->rw->replace_document(idterm, doc->doc);
    return 0;
    SHIM_CATCH(SW_EINDEX)
}

extern "C" int xs_db_patch(xs_db *db, const char *idterm, const unsigned *slots,
                           const char *const *values, const size_t *lens, size_t nslots,
                           const unsigned *keep, size_t nkeep, char **err) {
    SHIM_TRY
    writing_scope w(db);
    Xapian::docid did = 0;
    auto mapped = db->dids.find(idterm);
    if (mapped != db->dids.end()) {
        did = mapped->second;
    } else {
        Xapian::PostingIterator p = db->rw->postlist_begin(idterm);
        if (p == db->rw->postlist_end(idterm))
            return SW_ENOTFOUND;
        did = *p;
    }
    // The document read from this database and given back with new values: Xapian writes only
    // those. Its terms are never touched, so they are never read (changing one would read
    // every term's positions). Setting one value would read all the others first (a B-tree
    // look-up each); clearing them and setting the whole set reads only the kept ones.
    Xapian::Document doc = db->rw->get_document(did, Xapian::DOC_ASSUME_VALID);
    std::string kept[16];
    if (nkeep > sizeof(kept) / sizeof(kept[0]))
        throw Xapian::InvalidArgumentError("more values kept than a document has slots");
    for (size_t i = 0; i < nkeep; i++)
        kept[i] = doc.get_value(keep[i]);
    doc.clear_values();
    for (size_t i = 0; i < nkeep; i++)
        if (!kept[i].empty())
            doc.add_value(keep[i], kept[i]);
    for (size_t i = 0; i < nslots; i++)
        if (lens[i])
            doc.add_value(slots[i], std::string(values[i], lens[i]));
    db->rw->replace_document(did, doc);
    return 0;
    SHIM_CATCH(SW_EINDEX)
}

extern "C" int xs_db_delete(xs_db *db, const char *idterm, char **err) {
    SHIM_TRY
    writing_scope w(db);
    db->dids.erase(idterm);
    db->rw->delete_document(idterm);
    return 0;
    SHIM_CATCH(SW_EINDEX)
}

/*
 * libxapian 1.4.22's Database::check() deletes one of its own tables through a pointer to a
 * base class of another size (AddressSanitizer: new-delete-type-mismatch, 440 vs 432 bytes,
 * entirely inside libxapian). Harmless with glibc's allocator, but it would stop every
 * sanitizer run of --check, so sanitizer builds do not report that one kind of error.
 */
#if defined(__SANITIZE_ADDRESS__)
#define SW_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SW_ASAN 1
#endif
#endif
#ifdef SW_ASAN
extern "C" const char *__asan_default_options();
extern "C" const char *__asan_default_options() { return "new_delete_type_mismatch=0"; }
// libxapian 1.4.22 also loses a few objects of its own when a commit fails on a full disk
// (tests/disk_full.sh): leaks allocated inside the library are not reported; ours still are.
extern "C" const char *__lsan_default_suppressions();
extern "C" const char *__lsan_default_suppressions() { return "leak:libxapian.so\n"; }
#endif

extern "C" int xs_db_check(const char *path, uint64_t *errors, char **err) {
    SHIM_TRY
    *errors = Xapian::Database::check(path, 0, nullptr);
    return 0;
    SHIM_CATCH(SW_EINDEX)
}

extern "C" int xs_db_doccount(xs_db *db, uint64_t *out, char **err) {
    SHIM_TRY
    *out = db->ro->get_doccount();
    return 0;
    SHIM_CATCH(SW_EINDEX)
}

extern "C" int xs_db_get_metadata(xs_db *db, const char *key, char **value, char **err) {
    SHIM_TRY
    std::string v = db->ro->get_metadata(key);
    *value = nullptr;
    if (!v.empty() && !(*value = strndup(v.data(), v.size())))
        return fail(err, SW_ENOMEM, "out of memory");
    return 0;
    SHIM_CATCH(SW_EINDEX)
}

extern "C" int xs_db_set_metadata(xs_db *db, const char *key, const char *value, char **err) {
    SHIM_TRY
    writing_scope w(db);
    db->rw->set_metadata(key, value);
    return 0;
    SHIM_CATCH(SW_EINDEX)
}

extern "C" int xs_db_terms(xs_db *db, const char *prefix,
                           int (*fn)(void *ctx, const char *term, size_t len), void *ctx,
                           char **err) {
    SHIM_TRY
    for (Xapian::TermIterator t = db->ro->allterms_begin(prefix); t != db->ro->allterms_end(prefix);
         ++t) {
        const std::string &term = *t;
        if (int rc = fn(ctx, term.data(), term.size()))
            return rc;
    }
    return 0;
    SHIM_CATCH(SW_EINDEX)
}

extern "C" int xs_doc_new(xs_doc **out, char **err) {
    SHIM_TRY
    *out = new xs_doc();
    return 0;
    SHIM_CATCH(SW_EINDEX)
}

extern "C" void xs_doc_free(xs_doc *doc) { delete doc; }

extern "C" int xs_doc_add(xs_doc *doc, const char *term, size_t len, unsigned pos, unsigned wdf) {
    char **err = nullptr;
    SHIM_TRY
    if (pos)
        doc->doc.add_posting(std::string(term, len), pos, wdf);
    else
        doc->doc.add_term(std::string(term, len), wdf);
    return 0;
    SHIM_CATCH(SW_EINDEX)
}

extern "C" int xs_doc_set_data(xs_doc *doc, const char *data, size_t len) {
    char **err = nullptr;
    SHIM_TRY
    doc->doc.set_data(std::string(data, len));
    return 0;
    SHIM_CATCH(SW_EINDEX)
}

extern "C" int xs_doc_set_value(xs_doc *doc, unsigned slot, const char *data, size_t len) {
    char **err = nullptr;
    SHIM_TRY
    doc->doc.add_value(slot, std::string(data, len));
    return 0;
    SHIM_CATCH(SW_EINDEX)
}

extern "C" void xs_sortable(double v, char *out, size_t *len) {
    std::string s = Xapian::sortable_serialise(v); // at most 18 bytes, never throws in practice
    std::memcpy(out, s.data(), s.size());
    *len = s.size();
}

extern "C" const char *xs_version(void) {
    try {
        return Xapian::version_string(); // a static string of the library loaded
    } catch (...) {
        return "unknown";
    }
}

extern "C" xs_query *xs_query_term(const char *term, size_t len) {
    try {
        return new xs_query{Xapian::Query(std::string(term, len))};
    } catch (...) {
        return nullptr;
    }
}

extern "C" xs_query *xs_query_op(int op, xs_query *const *subs, size_t n) {
    try {
        std::vector<Xapian::Query> v;
        v.reserve(n);
        for (size_t i = 0; i < n; i++)
            v.push_back(subs[i]->q);
        Xapian::Query::op xop;
        switch (op) {
        case XS_AND: xop = Xapian::Query::OP_AND; break;
        case XS_OR: xop = Xapian::Query::OP_OR; break;
        case XS_AND_MAYBE: xop = Xapian::Query::OP_AND_MAYBE; break;
        case XS_PHRASE: xop = Xapian::Query::OP_PHRASE; break;
        case XS_FILTER: xop = Xapian::Query::OP_FILTER; break;
        case XS_AND_NOT: xop = Xapian::Query::OP_AND_NOT; break;
        default: return nullptr;
        }
        return new xs_query{Xapian::Query(xop, v.begin(), v.end(), op == XS_PHRASE ? n : 0)};
    } catch (...) {
        return nullptr;
    }
}

extern "C" void xs_query_free(xs_query *q) { delete q; }

extern "C" char *xs_query_describe(const xs_query *q) {
    try {
        return strdup(q->q.get_description().c_str());
    } catch (...) {
        return nullptr;
    }
}

extern "C" xs_query *xs_query_clone(const xs_query *q) {
    try {
        return new xs_query{Xapian::Query::unserialise(q->q.serialise())};
    } catch (...) {
        return nullptr;
    }
}

extern "C" xs_query *xs_query_scale(const xs_query *q, double factor) {
    try {
        return new xs_query{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor)};
    } catch (...) {
        return nullptr;
    }
}

extern "C" xs_query *xs_query_value_range(unsigned slot, const char *lo, size_t lo_len,
                                          const char *hi, size_t hi_len) {
    try {
        if (lo && hi)
            return new xs_query{Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot,
                                              std::string(lo, lo_len), std::string(hi, hi_len))};
        if (lo)
            return new xs_query{
                Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, std::string(lo, lo_len))};
        if (hi)
            return new xs_query{
                Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, std::string(hi, hi_len))};
        return new xs_query{Xapian::Query::MatchAll};
    } catch (...) {
        return nullptr;
    }
}

extern "C" xs_query *xs_query_wildcard(const char *prefix, size_t len, unsigned max_terms) {
    try {
        return new xs_query{Xapian::Query(Xapian::Query::OP_WILDCARD, std::string(prefix, len),
                                          max_terms, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT)};
    } catch (...) {
        return nullptr;
    }
}

extern "C" uint64_t xs_db_termfreq(xs_db *db, const char *term, size_t len) {
    try {
        return db->ro->get_termfreq(std::string(term, len));
    } catch (...) {
        return 0; // a statistic for snippet weights: unknown is as good as absent
    }
}

// In a handler: frees hits[0..k) and, when the exception is the revision retired under a
// reader (DatabaseModifiedError, not yet 10 times), reopens at the latest commit and says so.
static bool drop_and_reopen(xs_db *db, xs_hit *hits, size_t k, int attempt) {
    for (size_t i = 0; i < k; i++) {
        std::free(hits[i].data);
        hits[i].data = nullptr;
    }
    try {
        throw;
    } catch (const Xapian::DatabaseModifiedError &) {
        if (attempt >= 10)
            return false;
        db->ro->reopen();
        return true;
    } catch (...) {
        return false;
    }
}

// The spec of xs_db_open_many that document `id` of db comes from: Xapian numbers the
// documents of n shards in turn, shard (id - 1) % n holding id.
static size_t spec_of(const xs_db *db, Xapian::docid id) {
    size_t n = db->spec_of.size();
    return n ? db->spec_of[(id - 1) % n] : 0;
}

// A hit owning a NUL-terminated malloc'd copy of `bytes` (document data or a value), of the
// document `id`.
// The value slot whose bytes follow a hit's data (xs_set_hit_card), or -1.
static std::atomic<int> hit_card{-1}; // set as each index opens, maybe on a helper thread

extern "C" void xs_set_hit_card(int slot) { hit_card = slot; }

// What a hit carries: its document's data, then the value in slot hit_card (what changes with
// every capture, written without rewriting the data: xs_db_patch).
static std::string hit_bytes(const Xapian::Document &doc) {
    std::string bytes = doc.get_data();
    if (hit_card >= 0)
        bytes += doc.get_value(static_cast<Xapian::valueno>(hit_card));
    return bytes;
}

static void set_hit(xs_hit *h, const xs_db *db, Xapian::docid id, const std::string &bytes,
                    double score) {
    h->spec = spec_of(db, id);
    h->docid = id;
    h->data = static_cast<char *>(std::malloc(bytes.size() + 1));
    if (!h->data)
        throw std::bad_alloc();
    std::memcpy(h->data, bytes.data(), bytes.size());
    h->data[bytes.size()] = '\0';
    h->len = bytes.size();
    h->score = score;
}

struct ranked {
    Xapian::MSetIterator it;
    double w;
    std::string key;
};

// Keeps the first of the ranked hits `all` whose tie values share the 8 bytes after their
// first NUL (a value without one is its own); of those of equal weight, the one whose value
// ends with the least time after those bytes (none: last) takes its place. Returns how many
// are kept; *past receives how many hits were ranked after the want-th kept one (0 when fewer
// are kept).
static size_t collapse_by_suffix(std::vector<ranked> &all, size_t want, size_t *past) {
    std::unordered_map<std::string, size_t> seen; // a story: where its hit is kept
    size_t kept = 0;
    *past = want ? 0 : all.size();
    for (size_t i = 0; i < all.size(); i++) {
        const std::string &key = all[i].key;
        size_t nul = key.find('\0');
        if (nul != std::string::npos) {
            std::string story = key.substr(nul + 1, 8),
                        when = key.substr(std::min(key.size(), nul + 9));
            auto at = seen.find(story);
            if (at != seen.end()) {
                ranked &k = all[at->second];
                size_t knul = k.key.find('\0');
                std::string theirs = k.key.substr(std::min(k.key.size(), knul + 9));
                if (k.w == all[i].w && !when.empty() && (theirs.empty() || when < theirs))
                    k = std::move(all[i]);
                continue;
            }
            seen.emplace(std::move(story), kept);
        }
        if (kept != i)
            all[kept] = std::move(all[i]);
        if (++kept == want)
            *past = all.size() - i - 1;
    }
    all.erase(all.begin() + static_cast<std::ptrdiff_t>(kept), all.end());
    return kept;
}

// Reads the tie values of the ranked hits all[from, to) into their keys (only those that share
// their weight with a neighbour when `ties_only`), walking the value stream in docid order: a
// few dozen look-ups, where ranking by the value reads it for every candidate weighed.
static void read_keys(const xs_db *db, std::vector<ranked> &all, size_t from, size_t to,
                      bool ties_only, Xapian::valueno slot) {
    std::vector<std::pair<Xapian::docid, size_t>> order;
    for (size_t i = from; i < to; i++)
        if (!ties_only || (i > 0 && all[i - 1].w == all[i].w) ||
            (i + 1 < all.size() && all[i + 1].w == all[i].w))
            order.emplace_back(*all[i].it, i);
    if (order.empty())
        return;
    std::sort(order.begin(), order.end());
    Xapian::ValueIterator v = db->ro->valuestream_begin(slot);
    const Xapian::ValueIterator end = db->ro->valuestream_end(slot);
    for (const auto &o : order) {
        v.skip_to(o.first);
        if (v == end)
            break;
        if (v.get_docid() == o.first)
            all[o.second].key = *v;
    }
}

static bool by_weight_then_key(const ranked &a, const ranked &b) {
    return a.w != b.w ? a.w > b.w : a.key < b.key;
}

// The end of the run of equal weights that holds all[i - 1] (i itself when i is 0 or n).
static size_t run_end(const std::vector<ranked> &all, size_t i, size_t n) {
    while (i > 0 && i < n && all[i].w == all[i - 1].w)
        i++;
    return i;
}

// The `ask` best matches into ms and their hits into all, weights rounded, each with the
// matcher's sort key when `keys` (else read later, by read_keys).
static void rank(const xs_db *db, Xapian::Enquire &enq, Xapian::doccount ask, bool keys,
                 Xapian::MSet &ms, std::vector<ranked> &all) {
    ms = enq.get_mset(0, ask, db->merged ? ask + XS_CHECK_AT_LEAST : 0);
    all.clear();
    all.reserve(ms.size());
    for (Xapian::MSetIterator it = ms.begin(); it != ms.end(); ++it)
        all.push_back(
            {it, round_weight(it.get_weight()), keys ? it.get_sort_key() : std::string()});
}

// The page by relevance alone, its ties ordered by the tie value read afterwards (read_keys).
// Every hit weighed above the least weight in the MSet is known, and so is its place: a match
// left out weighs no more than the last one in. Values are read only where they decide: the
// ties within the page, or the stories of the hits that fill it (a run of equal weights read
// whole, since a copy published earlier may stand for its story). Returns false, with `all`
// emptied, when the page reaches the hits of that least weight (their order may need matches
// left out): the caller then ranks by relevance and value in the matcher.
static bool rank_then_read(xs_db *db, Xapian::Enquire &enq, Xapian::valueno tie, bool by_suffix,
                           Xapian::doccount first, Xapian::doccount want, Xapian::doccount ask,
                           Xapian::MSet &ms, std::vector<ranked> &all, uint64_t *distinct) {
    rank(db, enq, ask, false, ms, all);
    const bool every = ms.size() < ask; // every match seen
    size_t known = all.size();
    if (!every) // the rounded weights fall as the matcher's do: those above the least
        while (known > 0 && all[known - 1].w == all.back().w)
            known--;
    if (known < want && !every) {
        all.clear();
        return false;
    }
    all.erase(all.begin() + static_cast<std::ptrdiff_t>(known), all.end());
    if (!by_suffix) { // the page's runs of equal weights, put in the order of their values
        size_t from = std::min<size_t>(first, known),
               to = run_end(all, std::min<size_t>(want, known), known);
        while (from > 0 && all[from - 1].w == all[from].w)
            from--;
        read_keys(db, all, from, to, true, tie);
        std::stable_sort(all.begin() + static_cast<std::ptrdiff_t>(from),
                         all.begin() + static_cast<std::ptrdiff_t>(to), by_weight_then_key);
        return true;
    }
    // Stories: the hits ranked first, more until the page holds `want` stories (every hit when
    // every match was seen: their stories are counted).
    std::vector<ranked> part;
    size_t upto = 0, kept = 0, past = 0;
    while (upto < known) {
        size_t next = every ? known : run_end(all, std::min<size_t>(known, upto + want), known);
        read_keys(db, all, upto, next, false, tie);
        upto = next;
        part.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(upto));
        std::stable_sort(part.begin(), part.end(), by_weight_then_key);
        kept = collapse_by_suffix(part, want, &past);
        if (kept >= want)
            break;
    }
    if (!every && kept < want) {
        all.clear();
        return false;
    }
    all.swap(part);
    *distinct = every ? kept
                      : static_cast<uint64_t>(static_cast<double>(ms.get_matches_estimated()) *
                                              kept / static_cast<double>(upto));
    return true;
}

extern "C" int xs_db_search(xs_db *db, const xs_query *q, int sort_slot, int tie_slot,
                            int collapse_slot, size_t first, size_t max, int later, xs_hit *hits,
                            size_t *n, uint64_t *estimated, char **err) {
    SHIM_TRY
    *n = 0;
    // A writer that commits twice while we read can retire the revision we opened
    // (DatabaseModifiedError): reopen at the latest commit and run the search again.
    for (int attempt = 0;; attempt++) {
        size_t k = 0;
        try {
            Xapian::Enquire enq(*db->ro);
            enq.set_query(q->q);
            enq.set_weighting_scheme(Xapian::BM25Weight());
            if (collapse_slot >= 0)
                enq.set_collapse_key(static_cast<Xapian::valueno>(collapse_slot), 1);
            uint64_t distinct = 0;
            // Xapian 1.4.22's matcher can drop a document that belongs in the top
            // ranks of a sharded database when it prunes by weight bounds (BM25 with
            // length normalisation; seen with an OR of four words over two shards):
            // there it prunes only after check_at_least matches have been weighed.
            // One local database does not need it, and prunes at once.
            // Ranks a few more than asked: weights equal but for rounding (summed in
            // another order over shards) are made equal, then ordered by tie_slot, so
            // one index and its shards rank alike. Then the page [first, first + max).
            // Collapsing by the tie value's suffix reads no value beyond the tie's own:
            // it asks for more hits until the page and its margin hold distinct keys.
            const bool by_suffix = collapse_slot == XS_COLLAPSE_TIE_SUFFIX && sort_slot < 0;
            const Xapian::doccount want = static_cast<Xapian::doccount>(first + max);
            Xapian::doccount ask = want + XS_TIE_MARGIN;
            if (by_suffix)
                ask += want + XS_TIE_MARGIN; // reprints are common: room for one copy each
            Xapian::MSet ms;
            std::vector<ranked> all;
            // A local index ranks by relevance alone and reads the tie values of its MSet;
            // a remote one sends them with the MSet, so there the matcher ranks by both.
            bool done = false;
            if (sort_slot < 0 && tie_slot >= 0 && collapse_slot < 0 && !db->remote)
                done = rank_then_read(db, enq, static_cast<Xapian::valueno>(tie_slot), by_suffix,
                                      static_cast<Xapian::doccount>(first), want, ask, ms, all,
                                      &distinct);
            if (sort_slot >= 0)
                enq.set_sort_by_value_then_relevance(static_cast<Xapian::valueno>(sort_slot), true);
            else if (tie_slot >= 0)
                enq.set_sort_by_relevance_then_value(static_cast<Xapian::valueno>(tie_slot), false);
            while (!done) {
                rank(db, enq, ask, true, ms, all); // the sort kept the values: no document read
                if (sort_slot < 0)
                    std::stable_sort(all.begin(), all.end(), by_weight_then_key);
                if (!by_suffix)
                    break;
                size_t ranked_past = 0, kept = collapse_by_suffix(all, want, &ranked_past);
                if (ms.size() < ask) { // every match seen: the count is exact
                    distinct = kept;
                    break;
                }
                if (ranked_past >= XS_TIE_MARGIN) { // the page is settled
                    distinct = static_cast<uint64_t>(
                        static_cast<double>(ms.get_matches_estimated()) * kept / ms.size());
                    break;
                }
                ask = ask * 4;
            }
            const bool unread = later && !db->remote; // read by xs_db_read, maybe by another thread
            for (size_t i = first; !unread && i < all.size() && i < first + max; i++)
                ms.fetch(all[i].it); // the documents shown, in one round trip from a remote shard
            for (size_t i = first; i < all.size() && k < max; i++, k++) {
                if (unread)
                    hits[k] = {nullptr, 0, all[i].w, spec_of(db, *all[i].it), *all[i].it};
                else
                    set_hit(&hits[k], db, *all[i].it, hit_bytes(all[i].it.get_document()),
                            all[i].w);
            }
            *n = k;
            // Fewer than asked for: every match was seen, and this is their number.
            if (by_suffix)
                *estimated = distinct;
            else
                *estimated = ms.size() < ask ? ms.size() : ms.get_matches_estimated();
            return 0;
        } catch (...) {
            if (!drop_and_reopen(db, hits, k, attempt))
                throw;
        }
    }
    SHIM_CATCH(SW_EINDEX)
}

extern "C" int xs_db_read(xs_db *db, uint32_t docid, xs_hit *hit, char **err) {
    SHIM_TRY
    hit->data = nullptr;
    bool reopened = false;
    for (int attempt = 0;; attempt++) { // as xs_db_search: reopen once the revision is gone
        try {
            set_hit(hit, db, docid, hit_bytes(db->ro->get_document(docid)), hit->score);
            return 0;
        } catch (const Xapian::DocNotFoundError &) {
            // a handle opened before the search's revision (another thread's) catches up once
            if (reopened || !db->ro->reopen())
                return SW_ENOTFOUND;
            reopened = true;
        } catch (...) {
            if (!drop_and_reopen(db, hit, 0, attempt))
                throw;
        }
    }
    SHIM_CATCH(SW_EINDEX)
}

extern "C" int xs_db_term_values(xs_db *db, const char *term, size_t len, int slot, size_t max,
                                 xs_hit *hits, size_t *n, char **err) {
    SHIM_TRY
    *n = 0;
    const std::string t(term, len);
    const Xapian::valueno vno = static_cast<Xapian::valueno>(slot);
    for (int attempt = 0;; attempt++) { // as xs_db_search: reopen once the revision is gone
        size_t k = 0;
        try {
            if (!db->remote) { // the posting list, in document order: no matcher, no data read
                for (Xapian::PostingIterator p = db->ro->postlist_begin(t);
                     p != db->ro->postlist_end(t) && k < max; ++p, k++)
                    set_hit(&hits[k], db, *p,
                            db->ro->get_document(*p, Xapian::DOC_ASSUME_VALID).get_value(vno), 0);
            } else { // a server sends the matches' values in one round trip
                Xapian::Enquire enq(*db->ro);
                enq.set_query(Xapian::Query(t));
                enq.set_weighting_scheme(Xapian::BoolWeight());
                enq.set_docid_order(Xapian::Enquire::ASCENDING);
                Xapian::MSet ms = enq.get_mset(0, static_cast<Xapian::doccount>(max));
                ms.fetch();
                for (Xapian::MSetIterator it = ms.begin(); it != ms.end() && k < max; ++it, k++)
                    set_hit(&hits[k], db, *it, it.get_document().get_value(vno), 0);
            }
            *n = k;
            return 0;
        } catch (...) {
            if (!drop_and_reopen(db, hits, k, attempt))
                throw;
        }
    }
    SHIM_CATCH(SW_EINDEX)
}

// ValueCountMatchSpy's count in a hash table: a local match's values, when no server needs
// a spy it knows (Xapian's keeps a std::map, and most values here are distinct).
struct hash_count_spy : Xapian::MatchSpy {
    Xapian::valueno slot;
    uint64_t total = 0;
    std::unordered_map<std::string, uint64_t> counts;
    explicit hash_count_spy(Xapian::valueno s) : slot(s) {}
    void operator()(const Xapian::Document &doc, double) override {
        ++total;
        std::string v = doc.get_value(slot);
        if (!v.empty())
            ++counts[std::move(v)];
    }
};

extern "C" int xs_db_tally(xs_db *db, const xs_query *q, int slot, xs_tally_fn fn, void *ctx,
                           uint64_t *matches, char **err) {
    SHIM_TRY
    *matches = 0;
    const Xapian::valueno vno = static_cast<Xapian::valueno>(slot);
    for (int attempt = 0;; attempt++) { // as xs_db_search: reopen once the revision is gone
        try {
            // Xapian's own spy where a server runs it (it knows no other), else ours.
            Xapian::ValueCountMatchSpy remote_spy(vno);
            hash_count_spy local_spy(vno);
            Xapian::Enquire enq(*db->ro);
            enq.set_query(q->q);
            enq.set_weighting_scheme(Xapian::BoolWeight());
            if (db->remote)
                enq.add_matchspy(&remote_spy);
            else
                enq.add_matchspy(&local_spy);
            // Nothing is ranked and every match is checked, so none is pruned: the spy (run
            // by each xapian-tcpsrv on its own matches, then merged) sees them all.
            enq.get_mset(0, 0, db->ro->get_doccount());
            if (!db->remote) {
                *matches = local_spy.total;
                for (const auto &kv : local_spy.counts) {
                    int rc = fn(ctx, kv.first.data(), kv.first.size(), kv.second);
                    if (rc)
                        return rc;
                }
                return 0;
            }
            *matches = remote_spy.get_total();
            for (Xapian::TermIterator it = remote_spy.values_begin(); it != remote_spy.values_end();
                 ++it) {
                const std::string v = *it;
                int rc = fn(ctx, v.data(), v.size(), it.get_termfreq());
                if (rc)
                    return rc;
            }
            return 0;
        } catch (...) {
            if (!drop_and_reopen(db, nullptr, 0, attempt))
                throw;
        }
    }
    SHIM_CATCH(SW_EINDEX)
}

// Hands every match to the stream's function as the matcher meets it, holding none. The
// document a spy sees knows its docid within its shard only: the match is named by a value.
struct stream_spy : Xapian::MatchSpy {
    Xapian::valueno slot, check;
    xs_stream_fn fn;
    void *ctx;
    int rc;
    stream_spy(Xapian::valueno s, Xapian::valueno c, xs_stream_fn f, void *x)
        : slot(s), check(c), fn(f), ctx(x), rc(0) {}
    void operator()(const Xapian::Document &doc, double wt) override {
        if (!rc) {
            const std::string v = doc.get_value(slot), c = doc.get_value(check);
            rc = fn(ctx, v.data(), v.size(), c.data(), c.size(), wt);
        }
    }
};

extern "C" int xs_db_stream(xs_db *db, const xs_query *q, int slot, int check, xs_stream_fn fn,
                            void *ctx, char **err) {
    SHIM_TRY
    if (db->remote)
        return fail(err, SW_EUSAGE, "not over xapian-tcpsrv (its server runs no souwen code)");
    for (int attempt = 0;; attempt++) { // as xs_db_search: reopen once the revision is gone
        stream_spy spy(static_cast<Xapian::valueno>(slot), static_cast<Xapian::valueno>(check), fn,
                       ctx);
        try {
            Xapian::Enquire enq(*db->ro);
            enq.set_query(q->q);
            enq.set_weighting_scheme(Xapian::BM25Weight());
            enq.add_matchspy(&spy);
            enq.get_mset(0, 0, db->ro->get_doccount()); // as xs_db_tally: every match is met
            return spy.rc;
        } catch (...) {
            if (!drop_and_reopen(db, nullptr, 0, attempt))
                throw;
            int rc = fn(ctx, nullptr, 0, nullptr, 0, 0); // the matches so far: forgotten
            if (rc)
                return rc;
        }
    }
    SHIM_CATCH(SW_EINDEX)
}

extern "C" int xs_db_data(xs_db *db, const char *term, size_t len, int check, const char *value,
                          size_t vlen, xs_hit *hit, char **err) {
    SHIM_TRY
    hit->data = nullptr;
    for (int attempt = 0;; attempt++) {
        try {
            const std::string t(term, len), want(value, vlen);
            // Each index of several numbers its documents alone: the one whose value matches.
            Xapian::PostingIterator p = db->ro->postlist_begin(t);
            Xapian::Document doc;
            for (; p != db->ro->postlist_end(t); ++p) {
                doc = db->ro->get_document(*p);
                if (doc.get_value(static_cast<Xapian::valueno>(check)) == want)
                    break;
            }
            if (p == db->ro->postlist_end(t))
                return SW_ENOTFOUND;
            set_hit(hit, db, *p, hit_bytes(doc), 0);
            return 0;
        } catch (...) {
            if (!drop_and_reopen(db, nullptr, 0, attempt))
                throw;
        }
    }
    SHIM_CATCH(SW_EINDEX)
}
