package dev.parallelrun.web.problem;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * What Tomcat answers itself, before any servlet sees the request (a path that climbs above the root such as
 * {@code /../../etc/passwd}, a malformed request line): problem+json like every other error of the service, instead of
 * Tomcat's HTML page with its version. Nothing of the request is echoed. Public, with a public constructor: Tomcat's
 * host makes it by reflection from its class name.
 */
public class ProblemDetailErrorReportValve extends ErrorReportValve {

    public ProblemDetailErrorReportValve() {
        super();
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // As Tomcat's own: nothing for a success, an answer already under way, or an error already reported.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        String detail = status == 400 ? "The request is not valid HTTP, or its path is not allowed"
                : known != null && known.is5xxServerError() ? "An unexpected error occurred" : title;
        String problem = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            response.setContentLength(problem.getBytes(StandardCharsets.UTF_8).length);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(problem);
                response.finishResponse();
            }
        }
        catch (IOException | IllegalStateException ignored) {
            // The client is gone, or the response could not take a body: there is nobody to tell.
        }
    }
}
