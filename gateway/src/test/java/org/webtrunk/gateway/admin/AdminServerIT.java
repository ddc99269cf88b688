package org.webtrunk.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.webtrunk.gateway.config.AdminConfig;

/** An operator (or Prometheus) reads health and metrics from the loopback admin API. */
class AdminServerIT {
    private PrometheusMeterRegistry registry;
    private AdminServer admin;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        admin = new AdminServer(new AdminConfig(true, "127.0.0.1", 0), registry);
        admin.register(HttpMethod.GET, "/admin/echo", req ->
                AdminResponses.text(HttpResponseStatus.OK, "echo " + req.uri()));
        admin.start();
    }

    @AfterEach
    void stop() {
        admin.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
                .timeout(Duration.ofSeconds(5)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsUp() throws Exception {
        HttpResponse<String> r = send("GET", "/health");
        assertEquals(200, r.statusCode());
        assertEquals("{\"status\":\"up\"}", r.body().trim());
        assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("application/json"));
    }

    @Test
    void metricsExposeRegisteredCountersInPrometheusText() throws Exception {
        registry.counter("webtrunk.test.pings").increment(3);
        HttpResponse<String> r = send("GET", "/metrics");
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("content-type").orElseThrow());
        assertTrue(r.body().contains("webtrunk_test_pings_total 3.0"), r.body());
    }

    @Test
    void unknownPathIs404AndOtherMethodsAre405() throws Exception {
        assertEquals(404, send("GET", "/nope").statusCode());
        assertEquals(404, send("GET", "/healthz").statusCode());
        assertEquals(405, send("POST", "/health").statusCode());
        assertEquals(405, send("DELETE", "/metrics").statusCode());
    }

    @Test
    void registeredRoutesServeTheirPrefix() throws Exception {
        HttpResponse<String> r = send("GET", "/admin/echo/42?x=1");
        assertEquals(200, r.statusCode());
        assertEquals("echo /admin/echo/42?x=1", r.body());
    }
}
