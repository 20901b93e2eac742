package dev.parallelrun.batch.comparison;

import dev.parallelrun.web.text.NotBlankText;
import dev.parallelrun.web.text.PlainText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/notification/comparation", produces = MediaType.APPLICATION_JSON_VALUE)
class ComparisonController {

    /** Why a difference is accepted, and who says so: plain text, since both end up in logs and on screens. */
    record Acknowledgement(@NotBlankText @PlainText @Size(max = 100) String by,
            @NotBlankText @PlainText @Size(max = 500) String reason) {
    }

    private final ComparisonService comparison;

    ComparisonController(ComparisonService comparison) {
        this.comparison = comparison;
    }

    /**
     * Runs a pass now; {@code true} when at least one pair was compared and no difference is open (acknowledged ones
     * aside). The report says which of these holds, in words.
     */
    @GetMapping
    boolean compare() {
        return comparison.compare("manual");
    }

    @GetMapping("/report")
    ComparisonService.Report report(@RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return comparison.report(page, size);
    }

    /**
     * The differences still open ({@code status=open}), acknowledged ({@code acknowledged}) or both ({@code all}), the
     * latest found (or acknowledged) first.
     */
    @GetMapping("/differences")
    ComparisonService.DifferencePage differences(@RequestParam(defaultValue = "open") String status,
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(500) int size) {
        return comparison.differences(status(status), page, size);
    }

    /** The latest passes that judged at least one record, latest first: what was matched and what differed. */
    @GetMapping("/passes")
    List<PassSummary> passes(@RequestParam(defaultValue = "60") @Min(1) @Max(1000) int size) {
        return comparison.passes(size);
    }

    private static DifferenceStatus status(String status) {
        return switch (status) {
            case "open" -> DifferenceStatus.OPEN;
            case "acknowledged" -> DifferenceStatus.ACKNOWLEDGED;
            case "all" -> DifferenceStatus.ALL;
            default -> throw new UnknownStatusException(status);
        };
    }

    @PostMapping(path = "/differences/{payrollId}/acknowledgement", consumes = MediaType.APPLICATION_JSON_VALUE)
    Difference acknowledge(@PathVariable long payrollId,
            @RequestBody @Valid Acknowledgement acknowledgement) {
        return comparison.acknowledge(payrollId, acknowledgement.by(), acknowledgement.reason())
                .orElseThrow(() -> new NoSuchDifferenceException(payrollId));
    }
}
