package io.sluice.cli.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checked against the examples that AWS publishes with the Signature Version 4 documentation. */
class SigV4SignerTest {

  @Test
  void signsTheGetVanillaRequestOfTheAwsTestSuite() {
    SigV4Signer signer =
        new SigV4Signer(
            "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1", "service");

    Map<String, String> headers =
        signer.sign(
            "GET",
            URI.create("https://example.amazonaws.com/"),
            Map.of(),
            SigV4Signer.EMPTY_PAYLOAD_SHA256,
            Instant.parse("2015-08-30T12:36:00Z"));

    assertThat(headers)
        .containsEntry("x-amz-date", "20150830T123600Z")
        .containsEntry(
            "Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
                + " SignedHeaders=host;x-amz-date,"
                + " Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  }

  @Test
  void signsTheS3GetObjectExampleWithARangeHeader() {
    SigV4Signer signer =
        new SigV4Signer(
            "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1", "s3");
    Map<String, String> request = new LinkedHashMap<>();
    request.put("Range", "bytes=0-9");
    request.put("x-amz-content-sha256", SigV4Signer.EMPTY_PAYLOAD_SHA256);

    Map<String, String> headers =
        signer.sign(
            "GET",
            URI.create("https://examplebucket.s3.amazonaws.com/test.txt"),
            request,
            SigV4Signer.EMPTY_PAYLOAD_SHA256,
            Instant.parse("2013-05-24T00:00:00Z"));

    assertThat(headers.get("Authorization"))
        .isEqualTo(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + " SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + " Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    assertThat(headers).containsEntry("Range", "bytes=0-9");
  }

  @Test
  void theEmptyPayloadHashIsTheSha256OfNothing() {
    assertThat(SigV4Signer.EMPTY_PAYLOAD_SHA256)
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}
