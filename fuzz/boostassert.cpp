// The fuzz build keeps Boost's assertions (BOOST_ENABLE_ASSERT_HANDLER, fuzz/CMakeLists.txt):
// a failed BOOST_ASSERT in Beast is a crash, like a failed invariant of ours, except the one
// assertion below that is itself wrong.
#include <boost/assert.hpp>

#include <cstdio>
#include <cstring>

namespace boost {

void assertion_failed(const char *expr, const char *function, const char *file, long line)
{
    // Boost 1.74's basic_parser::parse_chunk_header asserts n >= 5 when it is called again
    // after the last chunk's line, assuming a CRLF before it; a body that starts with the
    // last chunk ("0\r\n", then one more byte) has 4, and the code after the assertion
    // handles that (need_more). Upstream fixed the assertion (boostorg/beast#2861, 2024).
    // Builds with NDEBUG, as the service's are, have no assertions at all.
    if (std::strcmp(expr, "n >= 5") == 0 && std::strstr(function, "parse_chunk_header"))
        return;
    std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed.\n", file, line, function, expr);
    __builtin_trap();
}

void assertion_failed_msg(const char *expr, const char *msg, const char *function, const char *file,
                          long line)
{
    std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed: %s\n", file, line, function, expr,
                 msg);
    __builtin_trap();
}

} // namespace boost
