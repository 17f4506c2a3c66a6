package io.sluice.security.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostileInputFilterTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/datasets/iris",
        "/api/v1/datasets/iris/versions",
        "/api/v1/models/caf%C3%A9/versions",
        "/v2/models/iris-classifier/versions/3/infer",
        "/a%20b/%2F/%25"
      })
  void ordinaryPathsPass(String path) {
    assertThat(HostileInputFilter.problem(path, null)).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/v1/datasets/a%00b       | holds a control character",
        "/api/v1/datasets/a%0Ab       | holds a control character",
        "/api/v1/datasets/a%0db       | holds a control character",
        "/api/v1/datasets/a%1F        | holds a control character",
        "/api/v1/datasets/a%7F        | holds a control character",
        "/api/v1/datasets/a%C2%85     | holds a control character",
        "/api/v1/datasets/a%zz        | malformed percent-escape",
        "/api/v1/datasets/a%4         | malformed percent-escape",
        "/api/v1/datasets/a%          | malformed percent-escape",
        "/api/v1/datasets/a%C3%28     | not valid UTF-8",
        "/api/v1/datasets/a%FF        | not valid UTF-8",
        "/api/v1/datasets/%C0%AE%C0%AE | not valid UTF-8"
      })
  void hostilePathsAreRefusedWithTheReason(String path, String reason) {
    assertThat(HostileInputFilter.problem(path, null)).startsWith("the path ").contains(reason);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "limit=10", "pipeline=iris&state=RUNNING", "q=a+b%2Bc", "flag", "a=&b="})
  void ordinaryQueriesPass(String query) {
    assertThat(HostileInputFilter.problem("/api/v1/runs", query)).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "pipeline=a%00b                | query parameter 'pipeline' holds a control character",
        "limit=10&cursor=%0A           | query parameter 'cursor' holds a control character",
        "state=%E2%28                  | query parameter 'state' is not valid UTF-8",
        "after=%G0                     | query parameter 'after' holds a malformed percent-escape",
        "a%00b=1                       | a query parameter name holds a control character",
        "%3Cscript%3E=%00              | query parameter (name) holds a control character"
      })
  void hostileQueriesAreRefusedNamingTheParameter(String query, String detail) {
    assertThat(HostileInputFilter.problem("/api/v1/runs", query)).startsWith(detail);
  }
}
