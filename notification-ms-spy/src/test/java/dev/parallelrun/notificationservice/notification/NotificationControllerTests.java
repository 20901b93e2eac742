package dev.parallelrun.notificationservice.notification;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@WebMvcTest(NotificationController.class)
class NotificationControllerTests {

    private static final NotificationResponse RECORDED = new NotificationResponse(7, "Juablaz",
            "Payroll 7 shipped to Juablaz of 320", DeliveryMode.SPY, Instant.parse("2026-01-01T00:00:00Z"));
    private static final PayrollShippedEvent EVENT = new PayrollShippedEvent(7L, "Juablaz", new BigDecimal("320.00"));

    @Autowired
    MockMvc mvc;

    @MockitoBean
    NotificationService notifications;

    /** The receiving side of docs/contracts/payroll-shipped-event.json: the monolith's JSON, as its test pins it. */
    @Test
    void acceptsTheContractEvent() throws Exception {
        String contract = Files.readString(Path.of("../docs/contracts/payroll-shipped-event.json"));
        given(notifications.receive(any())).willReturn(received(EventOutcome.Kind.RECORDED));

        postEvent(contract)
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/notifications/7"))
                .andExpect(jsonPath("$.message").value("Payroll 7 shipped to Juablaz of 320"));
        verify(notifications).receive(new PayrollShippedEvent(7L, "Juablaz", new BigDecimal("320.00")));
    }

    @Test
    void repeatedEventIsOk() throws Exception {
        given(notifications.receive(any())).willReturn(received(EventOutcome.Kind.DUPLICATE));

        postEvent("{\"payrollId\":7,\"shipTo\":\"Juablaz\",\"total\":320}").andExpect(status().isOk());
    }

    @Test
    void conflictingEventIsAConflict() throws Exception {
        given(notifications.receive(any())).willReturn(new NotificationService.Received(EVENT,
                EventOutcome.Kind.CONFLICT, RECORDED, "Payroll 7 was already notified with a different shipTo or total"));

        expectProblem(postEvent("{\"payrollId\":7,\"shipTo\":\"Juablaz\",\"total\":320}"), 409,
                "Payroll 7 was already notified with a different shipTo or total");
    }

    /**
     * The receiving side of docs/contracts/payroll-shipped-event-batch.json, answering with the shape of
     * docs/contracts/payroll-shipped-event-batch-outcome.json: every event judged on its own, invalid ones included.
     */
    @Test
    void acceptsTheBatchContract() throws Exception {
        String contract = Files.readString(Path.of("../docs/contracts/payroll-shipped-event-batch.json"));
        String answer = Files.readString(Path.of("../docs/contracts/payroll-shipped-event-batch-outcome.json"));
        List<PayrollShippedEvent> events = List.of(EVENT,
                new PayrollShippedEvent(8L, "{total}", new BigDecimal("12.50")),
                new PayrollShippedEvent(9L, "Ana", new BigDecimal("1.00")),
                new PayrollShippedEvent(10L, " ", new BigDecimal("1.00")));
        given(notifications.receiveAll(events)).willReturn(List.of(
                new NotificationService.Received(events.get(0), EventOutcome.Kind.RECORDED, RECORDED, null),
                new NotificationService.Received(events.get(1), EventOutcome.Kind.DUPLICATE, RECORDED, null),
                new NotificationService.Received(events.get(2), EventOutcome.Kind.CONFLICT, RECORDED,
                        "Payroll 9 was already notified with a different shipTo or total"),
                new NotificationService.Received(events.get(3), EventOutcome.Kind.INVALID, null,
                        "Invalid event: shipTo must not be blank")));

        mvc.perform(post("/notifications/batch").contentType(MediaType.APPLICATION_JSON).content(contract))
                .andExpect(status().isOk())
                .andExpect(content().json(answer, JsonCompareMode.STRICT));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no events            | {"events":[]}                                                       | events must not be empty
            not a list           | {"events":{"payrollId":7}}                                          | Field 'events' has the wrong type
            an event without id  | {"events":[{"shipTo":"Ana","total":1}]}                             | events[0] has no positive payrollId
            a payroll twice      | {"events":[{"payrollId":7,"shipTo":"A","total":1},{"payrollId":7,"shipTo":"B","total":1}]} | payroll 7 appears more than once
            an unknown field     | {"events":[],"id":1}                                                | Unknown field 'id'
            """)
    void refusesABatchItCannotAnswerEventByEvent(String name, String body, String detail) throws Exception {
        expectProblem(mvc.perform(post("/notifications/batch").contentType(MediaType.APPLICATION_JSON).content(body)),
                400, detail);
        verifyNoInteractions(notifications);
    }

    @Test
    void refusesMoreThanFiveHundredEvents() throws Exception {
        StringBuilder events = new StringBuilder();
        for (int i = 1; i <= 501; i++) {
            events.append(i == 1 ? "" : ",").append("{\"payrollId\":").append(i).append(",\"shipTo\":\"A\",\"total\":1}");
        }
        expectProblem(mvc.perform(post("/notifications/batch").contentType(MediaType.APPLICATION_JSON)
                .content("{\"events\":[" + events + "]}")), 400, "events size must be between 0 and 500");
        verifyNoInteractions(notifications);
    }

    private static NotificationService.Received received(EventOutcome.Kind outcome) {
        return new NotificationService.Received(EVENT, outcome, RECORDED, null);
    }

    @Test
    void findsByPayrollId() throws Exception {
        given(notifications.find(7)).willReturn(Optional.of(RECORDED));

        mvc.perform(get("/notifications/7")).andExpect(status().isOk())
                .andExpect(jsonPath("$.delivery").value("SPY"));
    }

    @Test
    void listsLatest() throws Exception {
        given(notifications.latest(5)).willReturn(java.util.List.of(RECORDED));

        mvc.perform(get("/notifications").param("limit", "5")).andExpect(status().isOk())
                .andExpect(jsonPath("$[0].payrollId").value(7));
    }

    @Test
    void limitOutOfRangeIsBadRequest() throws Exception {
        expectProblem(mvc.perform(get("/notifications").param("limit", "1000")), 400, "limit");
        verifyNoInteractions(notifications);
    }

    @Test
    void unknownPayrollIsNotFoundProblem() throws Exception {
        given(notifications.find(8)).willReturn(Optional.empty());

        expectProblem(mvc.perform(get("/notifications/8")), 404, "No notification for payroll 8");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON      | {"payrollId":7,                                   | Malformed JSON
            missing payrollId   | {"shipTo":"Juablaz","total":320}                  | payrollId must not be null
            negative payrollId  | {"payrollId":-1,"shipTo":"Juablaz","total":320}   | payrollId must be greater than 0
            payrollId as string | {"payrollId":"7","shipTo":"Juablaz","total":320}  | Field 'payrollId' has the wrong type
            blank shipTo        | {"payrollId":7,"shipTo":" ","total":320}          | shipTo must not be blank
            zero total          | {"payrollId":7,"shipTo":"Juablaz","total":0}      | total must be greater than 0
            three decimals      | {"payrollId":7,"shipTo":"Juablaz","total":1.001}  | total must have at most 2 decimals
            ready-made message  | {"payrollId":7,"shipTo":"J","total":1,"message":"x"} | Unknown field 'message'
            no-break spaces     | {"payrollId":7,"shipTo":"\\u00A0\\u3000","total":1} | shipTo must not be blank
            C1 next line        | {"payrollId":7,"shipTo":"a\\u0085b","total":1}      | shipTo must not contain control characters
            line separator      | {"payrollId":7,"shipTo":"a\\u2028b","total":1}      | shipTo must not contain line or paragraph separators
            bidi override       | {"payrollId":7,"shipTo":"a\\u202Eb","total":1}      | shipTo must not contain bidirectional controls
            lone surrogate      | {"payrollId":7,"shipTo":"a\\uD800","total":1}       | shipTo must not contain an unpaired surrogate
            duplicate key       | {"payrollId":7,"payrollId":8,"shipTo":"J","total":1} | Duplicate field 'payrollId'
            """)
    void rejectsBadEvents(String name, String body, String detail) throws Exception {
        expectProblem(postEvent(body), 400, detail);
        verifyNoInteractions(notifications);
    }

    @Test
    void aTotalTooLargeIsToldOnlyThat() throws Exception {
        postEvent("{\"payrollId\":7,\"shipTo\":\"Juablaz\",\"total\":1e30}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("Invalid request: total must be at most 1000000000"));
        verifyNoInteractions(notifications);
    }

    @Test
    void rejectsWrongContentType() throws Exception {
        expectProblem(mvc.perform(post("/notifications").contentType(MediaType.TEXT_PLAIN).content("x")), 415,
                "Content-Type");
        verifyNoInteractions(notifications);
    }

    @Test
    void answersAPreviewAsTheContract() throws Exception {
        String contract = Files.readString(Path.of("../docs/contracts/notification-preview.json"));
        given(notifications.preview(EVENT)).willReturn(new NotificationPreview(7, "Juablaz",
                "Payroll 7 shipped to Juablaz of 320"));

        mvc.perform(post("/notifications/preview").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"payrollId\":7,\"shipTo\":\"Juablaz\",\"total\":320.00}"))
                .andExpect(status().isOk())
                .andExpect(content().json(contract, org.springframework.test.json.JsonCompareMode.STRICT));
    }

    @Test
    void answersAPreviewBatchAsTheContract() throws Exception {
        tools.jackson.databind.JsonNode contract = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(Files.readString(Path.of("../docs/contracts/notification-preview-batch.json")));
        given(notifications.preview(any())).willAnswer(call -> {
            PayrollShippedEvent event = call.getArgument(0);
            return new NotificationPreview(event.payrollId(), event.shipTo(), "Payroll " + event.payrollId()
                    + " shipped to " + event.shipTo() + " of " + event.total().stripTrailingZeros().toPlainString());
        });

        mvc.perform(post("/notifications/preview/batch").contentType(MediaType.APPLICATION_JSON)
                        .content(contract.get("request").toString()))
                .andExpect(status().isOk())
                .andExpect(content().json(contract.get("response").toString(),
                        org.springframework.test.json.JsonCompareMode.STRICT));
    }

    @Test
    void refusesAPreviewBatchWithABadEventNamingIt() throws Exception {
        expectProblem(mvc.perform(post("/notifications/preview/batch").contentType(MediaType.APPLICATION_JSON)
                .content("{\"events\":[{\"payrollId\":7,\"shipTo\":\"a\",\"total\":1},"
                        + "{\"payrollId\":8,\"shipTo\":\" \",\"total\":1}]}")), 400, "events[1].shipTo");
        expectProblem(mvc.perform(post("/notifications/preview/batch").contentType(MediaType.APPLICATION_JSON)
                .content("{\"events\":[]}")), 400, "events");
        verifyNoInteractions(notifications);
    }

    @Test
    void refusesAPreviewOfABadEvent() throws Exception {
        expectProblem(mvc.perform(post("/notifications/preview").contentType(MediaType.APPLICATION_JSON)
                .content("{\"payrollId\":7,\"shipTo\":\" \",\"total\":320}")), 400, "shipTo");
        verifyNoInteractions(notifications);
    }

    private ResultActions postEvent(String body) throws Exception {
        return mvc.perform(post("/notifications").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static void expectProblem(ResultActions result, int status, String detail) throws Exception {
        result.andExpect(status().is(status))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString(detail)));
    }
}
