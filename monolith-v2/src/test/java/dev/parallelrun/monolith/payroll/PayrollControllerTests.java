package dev.parallelrun.monolith.payroll;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@WebMvcTest(PayrollController.class)
class PayrollControllerTests {

    private static final PayrollResponse JUABLAZ = new PayrollResponse(42, "Juablaz", new BigDecimal("320.00"),
            Instant.parse("2026-01-01T00:00:00Z"));

    @Autowired
    MockMvc mvc;

    @MockitoBean
    PayrollService payrolls;

    @Test
    void createsPayroll() throws Exception {
        given(payrolls.create(any(), eq(null))).willReturn(new PayrollService.Outcome(JUABLAZ, false));

        postPayroll("{\"shipTo\":\"Juablaz\",\"total\":320}")
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/payroll/42"))
                .andExpect(header().string("Idempotent-Replayed", "false"))
                .andExpect(jsonPath("$.id").value(42))
                .andExpect(jsonPath("$.shipTo").value("Juablaz"))
                .andExpect(jsonPath("$.total").value(320.00));
    }

    @Test
    void passesIdempotencyKeyAndMarksReplay() throws Exception {
        given(payrolls.create(any(), eq("order-17"))).willReturn(new PayrollService.Outcome(JUABLAZ, true));

        mvc.perform(post("/payroll").contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", "order-17")
                        .content("{\"shipTo\":\"Juablaz\",\"total\":320}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true"));
    }

    @Test
    void findsPayroll() throws Exception {
        given(payrolls.find(42)).willReturn(Optional.of(JUABLAZ));

        mvc.perform(get("/payroll/42")).andExpect(status().isOk()).andExpect(jsonPath("$.shipTo").value("Juablaz"));
    }

    @Test
    void unknownPayrollIsNotFoundProblem() throws Exception {
        given(payrolls.find(404)).willReturn(Optional.empty());

        expectProblem(mvc.perform(get("/payroll/404")), 404, "No payroll with id 404");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON              | {"shipTo":"Juablaz",                    | Malformed JSON
            not an object               | [1,2]                                    | expected JSON structure
            empty body                  | ''                                       | missing
            total as string             | {"shipTo":"Juablaz","total":"320"}       | Field 'total' has the wrong type
            total as boolean            | {"shipTo":"Juablaz","total":true}        | Field 'total' has the wrong type
            total not a number          | {"shipTo":"Juablaz","total":"abc"}       | Field 'total' has the wrong type
            shipTo as number            | {"shipTo":12,"total":320}                | Field 'shipTo' has the wrong type
            shipTo as object            | {"shipTo":{"a":1},"total":320}           | Field 'shipTo' has the wrong type
            unknown field               | {"shipTo":"Juablaz","total":320,"x":1}   | Unknown field 'x'
            misspelt field              | {"shipto":"Juablaz","total":320}         | Unknown field 'shipto'
            missing shipTo              | {"total":320}                            | shipTo must not be blank
            null shipTo                 | {"shipTo":null,"total":320}              | shipTo must not be blank
            blank shipTo                | {"shipTo":"   ","total":320}             | shipTo must not be blank
            control char in shipTo      | {"shipTo":"Jua\\nblaz","total":320}      | shipTo must not contain control characters
            no-break spaces only        | {"shipTo":"\\u00A0\\u00A0","total":320} | shipTo must not be blank
            ideographic space only      | {"shipTo":"\\u3000","total":320}         | shipTo must not be blank
            C1 next line in shipTo      | {"shipTo":"a\\u0085b","total":320}       | shipTo must not contain control characters
            line separator in shipTo    | {"shipTo":"a\\u2028b","total":320}       | shipTo must not contain line or paragraph separators
            bidi override in shipTo     | {"shipTo":"a\\u202Eb","total":320}       | shipTo must not contain bidirectional controls
            bidi isolate in shipTo      | {"shipTo":"a\\u2066b","total":320}       | shipTo must not contain bidirectional controls
            lone surrogate in shipTo    | {"shipTo":"a\\uD800","total":320}        | shipTo must not contain an unpaired surrogate
            duplicate key               | {"shipTo":"a","shipTo":"b","total":320}  | Duplicate field 'shipTo'
            missing total               | {"shipTo":"Juablaz"}                     | total must not be null
            zero total                  | {"shipTo":"Juablaz","total":0}           | total must be greater than 0
            negative total              | {"shipTo":"Juablaz","total":-5}          | total must be greater than 0
            three decimals              | {"shipTo":"Juablaz","total":320.001}     | total must have at most 2 decimals
            absurdly large total        | {"shipTo":"Juablaz","total":1e30}        | total must be at most 1000000000
            just over the maximum       | {"shipTo":"Juablaz","total":1000000000.01} | total must be at most 1000000000
            """)
    void rejectsBadBody(String name, String body, String detail) throws Exception {
        expectProblem(postPayroll(body), 400, detail);
        verifyNoInteractions(payrolls);
    }

    @ParameterizedTest
    @ValueSource(strings = { "1e30", "1E+400", "12345678901234567890" })
    void aTotalTooLargeIsToldOnlyThat(String total) throws Exception {
        postPayroll("{\"shipTo\":\"Juablaz\",\"total\":" + total + "}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("Invalid request: total must be at most 1000000000"));
        verifyNoInteractions(payrolls);
    }

    @ParameterizedTest
    @ValueSource(strings = { "José Núñez", "Москва", "北京市", "محمد", "👨‍👩‍👧", "🏳️‍🌈 Ana", "{total}", "$1" })
    void acceptsNamesInAnyScript(String shipTo) throws Exception {
        given(payrolls.create(any(), eq(null))).willReturn(new PayrollService.Outcome(JUABLAZ, false));

        postPayroll("{\"shipTo\":\"" + shipTo + "\",\"total\":320}").andExpect(status().isCreated());
    }

    @Test
    void rejectsShipToOverHundredCharacters() throws Exception {
        expectProblem(postPayroll("{\"shipTo\":\"" + "x".repeat(101) + "\",\"total\":320}"), 400,
                "shipTo size must be between 0 and 100");
        verifyNoInteractions(payrolls);
    }

    @Test
    void listsNewestFirstTwentyAtATime() throws Exception {
        given(payrolls.list(0, 20)).willReturn(new PageImpl<>(List.of(JUABLAZ), PageRequest.of(0, 20), 1));

        mvc.perform(get("/payroll")).andExpect(status().isOk())
                .andExpect(jsonPath("$.content[0].id").value(42))
                .andExpect(jsonPath("$.page.number").value(0))
                .andExpect(jsonPath("$.page.size").value(20))
                .andExpect(jsonPath("$.page.totalElements").value(1));
    }

    @Test
    void capsThePageSize() throws Exception {
        given(payrolls.list(3, 100)).willReturn(new PageImpl<>(List.of(), PageRequest.of(3, 100), 0));

        mvc.perform(get("/payroll").param("page", "3").param("size", "5000")).andExpect(status().isOk())
                .andExpect(jsonPath("$.page.size").value(100));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            negative page   | page=-1         | page
            zero size       | size=0          | size
            page not number | page=abc        | page
            size not number | size=1e3        | size
            page too far    | page=99999999   | page
            """)
    void refusesABadPage(String name, String query, String detail) throws Exception {
        expectProblem(mvc.perform(get("/payroll?" + query)), 400, detail);
        verifyNoInteractions(payrolls);
    }

    @ParameterizedTest
    @ValueSource(strings = { "text/plain", "application/xml", "application/x-www-form-urlencoded" })
    void rejectsWrongContentType(String contentType) throws Exception {
        expectProblem(mvc.perform(post("/payroll").contentType(contentType).content("shipTo=Juablaz&total=320")),
                415, "Content-Type");
        verifyNoInteractions(payrolls);
    }

    @Test
    void rejectsWrongMethod() throws Exception {
        expectProblem(mvc.perform(delete("/payroll/1")), 405, "DELETE");
        verifyNoInteractions(payrolls);
    }

    @Test
    void unknownRouteIsNotFoundProblem() throws Exception {
        expectProblem(mvc.perform(get("/payrolls")), 404, "No endpoint answers GET /payrolls");
    }

    @Test
    void nonNumericIdIsBadRequest() throws Exception {
        expectProblem(mvc.perform(get("/payroll/abc")), 400, "id");
        verifyNoInteractions(payrolls);
    }

    @Test
    void rejectsOversizedBody() throws Exception {
        String body = "{\"shipTo\":\"" + "x".repeat(17 * 1024) + "\",\"total\":320}";
        expectProblem(postPayroll(body), 413, "Request body exceeds 16384 bytes");
        verifyNoInteractions(payrolls);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "has space", "ünïcode" })
    void rejectsInvalidIdempotencyKey(String key) throws Exception {
        expectProblem(mvc.perform(post("/payroll").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key).content("{\"shipTo\":\"Juablaz\",\"total\":320}")), 400,
                "Idempotency-Key");
        verifyNoInteractions(payrolls);
    }

    @Test
    void unexpectedFailureHidesItsCause() throws Exception {
        given(payrolls.find(1)).willThrow(new IllegalStateException("secret table name"));

        mvc.perform(get("/payroll/1"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("An unexpected error occurred"))
                .andExpect(content().string(org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.containsString("secret"))));
    }

    private ResultActions postPayroll(String body) throws Exception {
        return mvc.perform(post("/payroll").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static void expectProblem(ResultActions result, int status, String detail) throws Exception {
        result.andExpect(status().is(status))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.title").isNotEmpty())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(detail)));
    }
}
