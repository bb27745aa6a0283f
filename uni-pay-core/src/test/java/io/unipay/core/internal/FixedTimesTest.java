package io.unipay.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FixedTimesTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "2018-06-08T10:34:56+08:00", "2024-02-29T23:59:59-03:30", "1999-12-31T00:00:00+00:00"})
  void offsetTimestampsAgreeWithTheJavaTimeParser(String text) {
    assertThat(FixedTimes.withOffset(text))
        .isEqualTo(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
  }

  @ParameterizedTest
  @ValueSource(strings = {"2015-11-27 15:45:59", "2024-02-29 00:00:01"})
  void localTimestampsAgreeWithTheJavaTimeParserInTheGivenZone(String text) {
    ZoneOffset gmt8 = ZoneOffset.ofHours(8);
    assertThat(FixedTimes.local(text, gmt8))
        .isEqualTo(LocalDateTime.parse(text.replace(' ', 'T')).toInstant(gmt8));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "2018-06-08T10:34:56Z", "2018-06-08T10:34:56.123+08:00", "2018-13-08T10:34:56+08:00",
      "2018-02-30T10:34:56+08:00", "2018-06-08 10:34:56+08:00", "2O18-06-08T10:34:56+08:00",
      "2018-06-08T10:34:56*08:00", "2018-06-08T25:34:56+08:00"})
  void anythingElseIsLeftToTheFullParser(String text) {
    assertThat(FixedTimes.withOffset(text)).isNull();
    assertThat(FixedTimes.local(text, ZoneOffset.UTC)).isNull();
  }
}
