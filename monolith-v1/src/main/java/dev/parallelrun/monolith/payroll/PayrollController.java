package dev.parallelrun.monolith.payroll;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import org.springframework.data.web.PagedModel;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/payroll", produces = MediaType.APPLICATION_JSON_VALUE)
class PayrollController {

    static final int IDEMPOTENCY_KEY_MAX_LENGTH = 255;
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final int PAGE_SIZE = 20;
    /** A larger size is capped to this, as Spring Data's own web support does. */
    static final int PAGE_SIZE_MAX = 100;
    /** Far beyond any table this lab fills, and page × size stays well inside a long offset. */
    static final int MAX_PAGE = 10_000_000;

    private final PayrollService payrolls;

    PayrollController(PayrollService payrolls) {
        this.payrolls = payrolls;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PayrollResponse> create(
            @RequestBody @Valid CreatePayrollRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false)
            @Size(min = 1, max = IDEMPOTENCY_KEY_MAX_LENGTH) @Pattern(regexp = "[\\x21-\\x7E]+",
                    message = "must be visible ASCII characters") String idempotencyKey) {
        PayrollService.Outcome outcome = payrolls.create(request, idempotencyKey);
        PayrollResponse payroll = outcome.payroll();
        return ResponseEntity.created(URI.create("/payroll/" + payroll.id()))
                .header(REPLAYED_HEADER, String.valueOf(outcome.replayed()))
                .body(payroll);
    }

    /** The payrolls, newest first: the course's first check of a stage ({@code curl payment.service/payroll}). */
    @GetMapping
    PagedModel<PayrollResponse> list(@RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
            @RequestParam(defaultValue = "" + PAGE_SIZE) @Min(1) int size) {
        return new PagedModel<>(payrolls.list(page, Math.min(size, PAGE_SIZE_MAX)));
    }

    @GetMapping("/{id}")
    PayrollResponse find(@PathVariable long id) {
        return payrolls.find(id).orElseThrow(() -> new PayrollNotFoundException(id));
    }
}
