package id.go.jatengprov.regencyhub.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.RequestPath;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;
import org.springframework.web.util.ServletRequestPathUtils;

/** Does anything (a controller, an actuator endpoint) serve this request's path? Asked before refusing with 403. */
final class KnownPaths {

    private KnownPaths() {}

    static boolean served(HandlerMappingIntrospector introspector, HttpServletRequest req) {
        Object previous = req.getAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE);
        if (!(previous instanceof RequestPath)) ServletRequestPathUtils.parseAndCache(req);
        try {
            for (HandlerMapping mapping : introspector.getHandlerMappings()) {
                try {
                    HandlerExecutionChain chain = mapping.getHandler(req);
                    // The catch-all static resource handler matches every path; it does not make a path known.
                    if (chain != null && !(chain.getHandler() instanceof ResourceHttpRequestHandler)) return true;
                } catch (Exception e) {
                    return true; // e.g. the method is not allowed: the path itself exists
                }
            }
            return false;
        } finally {
            if (!(previous instanceof RequestPath)) ServletRequestPathUtils.clearParsedRequestPath(req);
        }
    }
}
