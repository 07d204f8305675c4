package cn.mutualaid.registry.person.api;

import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.validation.HumanText;
import cn.mutualaid.platform.validation.HumanTexts;
import cn.mutualaid.platform.validation.OpaqueId;
import cn.mutualaid.registry.person.PersonService;
import cn.mutualaid.platform.openapi.Refuses;
import cn.mutualaid.platform.openapi.RefusesNotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/persons")
@Tag(name = "Persons", description = "Registration by citizen ID number (GB 11643); the number is masked in every response")
public class PersonController {
    private final PersonService service;

    public PersonController(PersonService service) {
        this.service = service;
    }

    /**
     * The ID number travels in bodies only, never in a URL. Its own rule gives 422 INVALID_ID_NUMBER. The name is
     * stored in NFC, so that one name has one spelling.
     */
    public record RegisterRequest(
            @Schema(description = "Citizen ID number (GB 11643) or residence permit number; never echoed back",
                    example = "11010519491231002X") @NotBlank @Size(max = 32) String idNumber,
            @Schema(description = "The name as on the ID card", example = "张三")
            @NotNull @HumanText(max = 100) String name) {
        public RegisterRequest {
            name = HumanTexts.nfc(name);
        }

        @Override
        public String toString() {
            return "RegisterRequest[idNumber=***]";
        }
    }

    public record LookupRequest(
            @Schema(description = "Citizen ID number (GB 11643) or residence permit number",
                    example = "11010519491231002X") @NotBlank @Size(max = 32) String idNumber) {
        @Override
        public String toString() {
            return "LookupRequest[idNumber=***]";
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('AGENCY')")
    @Operation(summary = "Register a person by ID number",
            description = "Any agency. Registers the person (publishes PersonRegistered); the gender and birth date "
                    + "come from the number. 409 PERSON_EXISTS carries the existing personId only for a caller who "
                    + "may see that person.")
    @Refuses(status = 409, codes = "PERSON_EXISTS")
    @Refuses(status = 422, codes = "INVALID_ID_NUMBER")
    public Mono<PersonView> register(@Valid @RequestBody RegisterRequest body) {
        return Caller.current().flatMap(caller -> service.register(body.idNumber(), body.name(), caller))
                .map(PersonView::of);
    }

    @PostMapping("/lookup")
    @PreAuthorize("hasRole('AGENCY')")
    @Operation(summary = "Find a person by ID number",
            description = "Any agency; the number travels in the body, never in the URL. 404 when no such person "
                    + "is registered or the caller may not see them.")
    @RefusesNotFound
    @Refuses(status = 422, codes = "INVALID_ID_NUMBER")
    public Mono<PersonView> lookup(@Valid @RequestBody LookupRequest body) {
        return Caller.current().flatMap(caller -> service.lookup(body.idNumber(), caller)).map(PersonView::of);
    }

    @GetMapping("/{personId}")
    @PreAuthorize("hasAnyRole('AGENCY', 'INSURED')")
    @Operation(summary = "Read a person with their current enrollment",
            description = "The person themselves, or an agency administering their current pooling area (any agency "
                    + "while they have none); everyone else gets 404. The enrollment is null when there is none.")
    @RefusesNotFound
    public Mono<PersonView> get(@PathVariable @OpaqueId String personId) {
        return Caller.current().flatMap(caller -> service.get(personId, caller)).map(PersonView::of);
    }
}
