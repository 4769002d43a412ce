#pragma once
// libpq, loaded when svc first connects to a PostgreSQL store rather than when it starts:
// linked, it brings some twenty libraries (TLS, Kerberos, LDAP…) whose loading and
// relocation were most of svc's start-up, paid by every command on a SQLite store.
#include <libpq-fe.h>

namespace svc::postgres {

// The functions of libpq that svc calls, each as libpq declares it.
#define SVC_LIBPQ_FUNCTIONS(X) \
    X(PQclear)                 \
    X(PQcmdTuples)             \
    X(PQconnectdbParams)       \
    X(PQdescribePrepared)      \
    X(PQenterPipelineMode)     \
    X(PQerrorMessage)          \
    X(PQexec)                  \
    X(PQexecParams)            \
    X(PQexecPrepared)          \
    X(PQexitPipelineMode)      \
    X(PQfinish)                \
    X(PQfname)                 \
    X(PQftype)                 \
    X(PQgetResult)             \
    X(PQgetisnull)             \
    X(PQgetlength)             \
    X(PQgetvalue)              \
    X(PQnfields)               \
    X(PQnparams)               \
    X(PQntuples)               \
    X(PQpipelineStatus)        \
    X(PQpipelineSync)          \
    X(PQprepare)               \
    X(PQresultErrorField)      \
    X(PQresultStatus)          \
    X(PQsendPrepare)           \
    X(PQsendQueryParams)       \
    X(PQsendQueryPrepared)     \
    X(PQsetNoticeProcessor)    \
    X(PQstatus)                \
    X(PQtransactionStatus)

struct Libpq {
#define SVC_LIBPQ_MEMBER(name) decltype(&::name) name = nullptr;
    SVC_LIBPQ_FUNCTIONS(SVC_LIBPQ_MEMBER)
#undef SVC_LIBPQ_MEMBER
};

// libpq's functions, loaded on the first call (thread-safe); Error(storage) naming the
// library or the function when it cannot be loaded.
const Libpq& libpq();

}  // namespace svc::postgres
