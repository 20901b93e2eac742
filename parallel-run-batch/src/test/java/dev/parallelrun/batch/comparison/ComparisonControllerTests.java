package dev.parallelrun.batch.comparison;

import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Optional;
import org.hamcrest.Matchers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** An acknowledgement is kept with who and why, and ends up in logs and on screens: plain text only. */
@WebMvcTest(ComparisonController.class)
class ComparisonControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ComparisonService comparison;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no reason                 | {"by":"ana"}                                   | reason must not be blank
            blank by                  | {"by":"  ","reason":"ok"}                      | by must not be blank
            no-break spaces only      | {"by":"\\u00A0\\u00A0","reason":"ok"}          | by must not be blank
            a newline forging a line  | {"by":"ana","reason":"ok\\n2026 INFO forged"}  | reason must not contain control characters
            NUL                       | {"by":"ana\\u0000","reason":"ok"}              | by must not contain control characters
            right-to-left override    | {"by":"ana","reason":"\\u202Eko"}              | reason must not contain bidirectional controls
            line separator            | {"by":"ana","reason":"a\\u2028b"}              | reason must not contain line or paragraph separators
            lone surrogate            | {"by":"\\uD800","reason":"ok"}                 | by must not contain an unpaired surrogate
            duplicate key             | {"by":"ana","by":"eve","reason":"ok"}          | Duplicate field 'by'
            unknown field             | {"by":"ana","reason":"ok","when":"now"}        | Unknown field 'when'
            """)
    void refusesWhatIsNotPlainTextAndChangesNothing(String name, String body, String detail) throws Exception {
        mvc.perform(post("/notification/comparation/differences/7/acknowledgement")
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString(detail)));
        verifyNoInteractions(comparison);
    }

    @ParameterizedTest
    @CsvSource({ "ana, approved", "José Núñez, 'nueva redacción aprobada 👍'", "محمد, موافق" })
    void acceptsNamesAndReasonsInAnyScript(String by, String reason) throws Exception {
        given(comparison.acknowledge(anyLong(), anyString(), anyString())).willReturn(Optional.empty());

        mvc.perform(post("/notification/comparation/differences/7/acknowledgement")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"by\":\"" + by + "\",\"reason\":\"" + reason + "\"}"))
                .andExpect(status().isNotFound());
    }
}
