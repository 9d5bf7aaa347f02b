package io.dynakey.gateway.server;

import io.dynakey.gateway.service.Caller;
import io.dynakey.gateway.service.Handler;
import io.dynakey.gateway.service.Reply;
import io.dynakey.gateway.service.SessionKeys;
import io.dynakey.device.wire.ErrorResponse;
import io.dynakey.device.wire.WireException;
import io.dynakey.device.wire.WireMessage;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.OptionSet;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Exchange;

/**
 * A CoAP resource that hands each method's requests to a {@link Handler}: it checks the payload
 * size, takes the caller from the deliverer, and maps the {@link Reply} to a response; a body
 * larger than a block is served one Block2 block per request ({@link #setBody}). Payloads are
 * CBOR ({@code application/cbor}, content-format 60).
 */
final class ServiceResource extends CoapResource {

    /** Block size exponent of served bodies: 512-byte blocks (RFC 7959 SZX 5), as CoapConfig.PREFERRED_BLOCK_SIZE. */
    static final int BLOCK_SZX = 5;

    private final Map<Code, Handler> handlers = new EnumMap<>(Code.class);
    private final int maxPayload;
    private final SessionKeys sessions;

    ServiceResource(String name, String title, int maxPayload, SessionKeys sessions) {
        super(name);
        this.sessions = sessions;
        this.maxPayload = maxPayload;
        getAttributes().setTitle(title);
        getAttributes().addContentType(MediaTypeRegistry.APPLICATION_CBOR);
    }

    ServiceResource on(Code method, Handler handler) {
        handlers.put(method, handler);
        return this;
    }

    @Override
    public void handleRequest(Exchange exchange) {
        Code method = exchange.getRequest().getCode();
        Handler handler = handlers.get(method);
        Reply reply;
        if (handler == null) {
            reply = Reply.error(Reply.Code.METHOD_NOT_ALLOWED, "method not allowed");
        } else if (exchange.getRequest().getPayloadSize() > maxPayload) {
            reply = Reply.error(Reply.Code.REQUEST_ENTITY_TOO_LARGE, "payload above " + maxPayload + " bytes");
        } else if (exchange.getRequest().getPayloadSize() > 0 && !isCbor(exchange.getRequest().getOptions())) {
            reply = Reply.error(Reply.Code.UNSUPPORTED_CONTENT_FORMAT, "payloads are application/cbor (60)");
        } else {
            Caller caller = CallerDeliverer.callerOf(exchange, sessions);
            reply = handler.handle(caller, exchange.getRequest().getPayload());
        }
        Response response = new Response(ResponseCode.valueOf(reply.code().value()));
        if (reply.isSuccess()) {
            if (setBody(response, reply.payload(), exchange.getRequest().getOptions().getBlock2())) {
                response.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_CBOR);
            } else {
                response = new Response(ResponseCode.BAD_OPTION);
                response.setPayload("no such block");
                response.getOptions().setContentFormat(MediaTypeRegistry.TEXT_PLAIN);
            }
        } else if (reply.errorCode() > 0) {
            response.setPayload(errorResponse(reply));
            response.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_CBOR);
        } else if (reply.diagnostic() != null) {
            response.setPayload(reply.diagnostic());
            response.getOptions().setContentFormat(MediaTypeRegistry.TEXT_PLAIN);
        }
        if (reply.code() == Reply.Code.REQUEST_ENTITY_TOO_LARGE) {
            response.getOptions().setSize1(maxPayload);
        }
        exchange.sendResponse(response);
    }

    /**
     * Puts {@code body} into {@code response}, or only the block the request asked for (the first
     * when it asked for none and the body is larger than a block), with its Block2 option and, on the
     * first block, the whole size. Serving each block from the handler's shared body on its own
     * request keeps no block-wise state: Californium would copy the whole body per transfer and keep
     * it for the status lifetime. False when the asked block lies beyond the body.
     */
    static boolean setBody(Response response, byte[] body, BlockOption asked) {
        int szx = asked == null ? BLOCK_SZX : Math.min(asked.getSzx(), BLOCK_SZX);
        int size = BlockOption.szx2Size(szx);
        if (asked == null && body.length <= size) {
            response.setPayload(body);
            return true;
        }
        int num = asked == null ? 0 : asked.getNum();
        long from = (long) num * size;
        if (from >= body.length && num > 0) {
            return false;
        }
        int to = (int) Math.min(body.length, from + size);
        response.setPayload(Arrays.copyOfRange(body, (int) from, to));
        response.getOptions().setBlock2(szx, to < body.length, num);
        if (num == 0) {
            response.getOptions().setSize2(body.length);
        }
        return true;
    }

    /** A payload must be labelled CBOR; one without a Content-Format is taken as CBOR (the default of every resource here). */
    private static boolean isCbor(OptionSet options) {
        return !options.hasContentFormat() || options.getContentFormat() == MediaTypeRegistry.APPLICATION_CBOR;
    }

    private static byte[] errorResponse(Reply reply) {
        ErrorResponse e = new ErrorResponse();
        if (reply.errorField() >= 0) {
            e.set(reply.errorCode(), reply.errorField());
        } else {
            e.set(reply.errorCode());
        }
        byte[] out = new byte[32];
        try {
            return Arrays.copyOf(out, e.encode(WireMessage.newWriter(), out, 0, out.length));
        } catch (WireException ex) {
            return new byte[0];
        }
    }
}
