package io.sluice.ingest.drop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.events.ColumnSpec;
import io.sluice.events.ColumnType;
import io.sluice.events.RejectionReason;
import io.sluice.ingest.dataset.DatasetDefinition.Schema;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvValidatorTest {

  private static final Schema IRIS =
      new Schema(
          List.of(
              new ColumnSpec("sepal_length", ColumnType.NUMBER),
              new ColumnSpec("species", ColumnType.STRING)),
          "species");

  private static CsvValidator validate(Schema schema, String csv) throws Exception {
    CsvValidator validator = new CsvValidator(schema, 1_000);
    validator.validate("iris/2026/iris.csv", new StringReader(csv));
    return validator;
  }

  private static DropRejectedException rejection(Schema schema, String csv) {
    return (DropRejectedException)
        org.assertj.core.api.Assertions.catchThrowable(() -> validate(schema, csv));
  }

  @Test
  void countsRowsAndInfersColumnTypes() throws Exception {
    CsvValidator v = validate(null, "a,b,c,d\n1,1.5,true,x\n2,3,false,y\n");
    assertThat(v.rowCount()).isEqualTo(2);
    assertThat(v.columns())
        .containsExactly(
            new ColumnSpec("a", ColumnType.INTEGER),
            new ColumnSpec("b", ColumnType.NUMBER),
            new ColumnSpec("c", ColumnType.BOOLEAN),
            new ColumnSpec("d", ColumnType.STRING));
  }

  @Test
  void declaredTypesWinOverInferredOnes() throws Exception {
    CsvValidator v = validate(IRIS, "sepal_length,species\n5,setosa\n");
    assertThat(v.columns()).first().isEqualTo(new ColumnSpec("sepal_length", ColumnType.NUMBER));
  }

  @Test
  void acceptsByteOrderMarkCrlfAndTrailingEmptyLines() throws Exception {
    CsvValidator v =
        validate(IRIS, "\uFEFFsepal_length,species\r\n5.1,setosa\r\n4.9,setosa\r\n\r\n\n");
    assertThat(v.rowCount()).isEqualTo(2);
    assertThat(v.columns()).extracting(ColumnSpec::name).containsExactly("sepal_length", "species");
  }

  @Test
  void quotedFieldsMayHoldCommasQuotesAndLineBreaks() throws Exception {
    CsvValidator v =
        validate(IRIS, "sepal_length,species\n5.1,\"setosa, \"\"big\"\"\nline\"\n4.9,x\n");
    assertThat(v.rowCount()).isEqualTo(2);
  }

  @Test
  void rejectsRowWithWrongFieldCountNamingFileAndLine() {
    DropRejectedException e = rejection(null, "a,b,c\n1,2,3\n1,2\n");
    assertThat(e.reason()).isEqualTo(RejectionReason.INCONSISTENT_ROWS);
    assertThat(e.getMessage()).isEqualTo("iris/2026/iris.csv line 3: expected 3 columns, found 2");
  }

  @Test
  void lineNumbersCountLineBreaksInsideQuotedFields() {
    DropRejectedException e = rejection(null, "a,b\n1,\"x\ny\"\n1\n");
    assertThat(e.getMessage()).contains("line 4:");
  }

  @Test
  void rejectsNumericColumnThatDoesNotParse() {
    DropRejectedException e = rejection(IRIS, "sepal_length,species\n5.1,setosa\nabc,setosa\n");
    assertThat(e.reason()).isEqualTo(RejectionReason.INCONSISTENT_ROWS);
    assertThat(e.getMessage()).contains("line 3", "sepal_length", "'abc'", "NUMBER");
  }

  @Test
  void rejectsNonFiniteNumbers() {
    assertThat(rejection(IRIS, "sepal_length,species\n1e999,setosa\n").reason())
        .isEqualTo(RejectionReason.INCONSISTENT_ROWS);
    assertThat(rejection(IRIS, "sepal_length,species\nNaN,setosa\n").reason())
        .isEqualTo(RejectionReason.INCONSISTENT_ROWS);
  }

  @Test
  void rejectsEmptyFileAsMissingHeader() {
    assertThat(rejection(null, "").reason()).isEqualTo(RejectionReason.MISSING_HEADER);
    assertThat(rejection(null, "\n\n").reason()).isEqualTo(RejectionReason.MISSING_HEADER);
  }

  @Test
  void rejectsNumericFirstLineAsMissingHeader() {
    DropRejectedException e = rejection(null, "5.1,3.5,setosa\n4.9,3.0,setosa\n");
    assertThat(e.reason()).isEqualTo(RejectionReason.MISSING_HEADER);
  }

  @Test
  void rejectsHeaderWithoutTheSchemaColumns() {
    DropRejectedException e = rejection(IRIS, "sepal_length,kind\n5.1,setosa\n");
    assertThat(e.reason()).isEqualTo(RejectionReason.MISSING_COLUMNS);
    assertThat(e.getMessage()).contains("[species]");
  }

  @Test
  void rejectsDuplicateHeaderNames() {
    assertThat(rejection(null, "a,a\n1,2\n").reason()).isEqualTo(RejectionReason.MISSING_HEADER);
  }

  @Test
  void rejectsControlCharactersInHeaderNamesWithoutEchoingThem() {
    // A NUL in a column name would travel in data.arrived and fail every Postgres write of it.
    DropRejectedException e = rejection(null, "a\u0000b,c\n1,2\n");
    assertThat(e.reason()).isEqualTo(RejectionReason.MISSING_HEADER);
    assertThat(e.getMessage()).contains("control character").doesNotContain("\u0000");
    assertThat(rejection(null, "a,\"b\u001bc\"\n1,2\n").reason())
        .isEqualTo(RejectionReason.MISSING_HEADER);
  }

  @Test
  void rejectsUnclosedQuote() {
    DropRejectedException e = rejection(null, "a,b\n1,\"open\n");
    assertThat(e.reason()).isEqualTo(RejectionReason.NOT_CSV);
  }

  @Test
  void rejectsGarbageAfterClosingQuote() {
    assertThat(rejection(null, "a,b\n1,\"x\"y\n").reason()).isEqualTo(RejectionReason.NOT_CSV);
  }

  @Test
  void rejectsRecordLongerThanTheBound() {
    String huge = "a\n" + "x".repeat(CsvRecordReader.MAX_RECORD_CHARS + 1) + "\n";
    assertThat(rejection(null, huge).reason()).isEqualTo(RejectionReason.NOT_CSV);
  }

  @Test
  void rejectsMoreRowsThanTheLimit() {
    CsvValidator validator = new CsvValidator(null, 2);
    assertThatThrownBy(() -> validator.validate("f.csv", new StringReader("a\n1\n2\n3\n")))
        .isInstanceOfSatisfying(
            DropRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.TOO_LARGE));
  }

  @Test
  void rejectsFilesThatDisagreeOnTheHeader() throws Exception {
    CsvValidator validator = new CsvValidator(null, 100);
    validator.validate("a.csv", new StringReader("x,y\n1,2\n"));
    assertThatThrownBy(() -> validator.validate("b.csv", new StringReader("x,z\n1,2\n")))
        .isInstanceOfSatisfying(
            DropRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.INCONSISTENT_ROWS));
  }
}
