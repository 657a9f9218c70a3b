// Running a piece of a test under a file-size limit, in a child process so the limit and anything
// the piece leaves behind stay out of the test runner: a write past the limit fails with EFBIG, as
// on a full disk (SIGXFSZ ignored), and the piece reports back what happened as text.
#pragma once

#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <exception>
#include <functional>
#include <string>

namespace jimsim::testing {

// Runs `piece` in a child process whose files may not grow past `limit` bytes (its soft limit: the
// piece may raise it again, up to the hard limit) and returns what it returns, or "unexpected: " and an exception's text.
inline std::string in_child_with_file_limit(rlim_t limit, const std::function<std::string()>& piece) {
  int channel[2];
  REQUIRE(pipe(channel) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    close(channel[0]);
    std::signal(SIGXFSZ, SIG_IGN);
    std::string message = "could not set the limit";
    rlimit current{};
    // The hard limit stays as it is: raising it needs a privilege the test may not have.
    const bool known = getrlimit(RLIMIT_FSIZE, &current) == 0;
    const rlimit limited{std::min(limit, current.rlim_max), current.rlim_max};
    if (known && setrlimit(RLIMIT_FSIZE, &limited) == 0) {
      try {
        message = piece();
      } catch (const std::exception& e) {
        message = std::string("unexpected: ") + e.what();
      }
    }
    (void)!write(channel[1], message.data(), message.size());
    _exit(0);  // no exit handlers: the child's leaks and Catch's state are the parent's business
  }
  close(channel[1]);
  std::string message;
  char buffer[512];
  for (ssize_t n; (n = read(channel[0], buffer, sizeof buffer)) > 0;) message.append(buffer, static_cast<std::size_t>(n));
  close(channel[0]);
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  return message;
}

}  // namespace jimsim::testing
